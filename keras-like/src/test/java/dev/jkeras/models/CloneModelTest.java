package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layer;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.utils.Np;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/** Sequential from an Input or a list, and Models.cloneModel as keras.models.clone_model. */
class CloneModelTest {
  private static final FloatNdArray X = Np.array(new float[][] {{1, 2, 3, 4}, {-1, 0.5f, 2, 0}});

  private static void assertSameConfigOtherLayersOtherWeights(Model model, Model clone) {
    assertEquals(model.getClass(), clone.getClass());
    assertEquals(model.name(), clone.name());
    assertEquals(model.getConfig(), clone.getConfig());
    assertEquals(model.layers().size(), clone.layers().size());
    for (int i = 0; i < model.layers().size(); i++) {
      Layer original = model.layers().get(i);
      Layer copy = clone.layers().get(i);
      assertNotSame(original, copy);
      assertEquals(original.name(), copy.name());
      assertEquals(original.getConfig(), copy.getConfig());
    }
    List<NdArray<?>> weights = model.getWeights();
    List<NdArray<?>> cloned = clone.getWeights();
    assertEquals(weights.size(), cloned.size());
    boolean anyKernelDiffers = false;
    for (int i = 0; i < weights.size(); i++) {
      assertEquals(weights.get(i).shape(), cloned.get(i).shape());
      anyKernelDiffers |= !weights.get(i).equals(cloned.get(i));
    }
    assertTrue(anyKernelDiffers, "the clone's weights are initialized afresh, not copied");
  }

  @Test
  void sequentialTakesAKerasInputFirst() {
    try (Sequential model = new Sequential(Input.of(6, 6, 1), new Conv2D(2, 3), new Flatten(), new Dense(1));
        Sequential declared = new Sequential(new Conv2D(2, 3).inputShape(6, 6, 1), new Flatten(), new Dense(1))) {
      assertTrue(model.isBuilt(), "an Input gives the shape, so the model is built at once");
      assertEquals(dev.jkeras.Shape.of(dev.jkeras.Shape.UNKNOWN, 6, 6, 1), model.inputShape());
      assertEquals(declared.outputShapes(), model.outputShapes());
      assertEquals(3, model.layers().size(), "the Input is not a layer of the stack, as in Keras");
    }
  }

  @Test
  void sequentialTakesAListOfLayers() {
    List<Layer> layers = List.of(new Dense(3, "relu").inputShape(4), new Dense(1));
    try (Sequential model = new Sequential(layers)) {
      assertEquals(layers, model.layers());
      assertTrue(model.isBuilt());
    }
  }

  @Test
  void aComputedTensorIsNotAnInput() {
    KerasTensor input = Input.of(4);
    KerasTensor hidden = new Dense(2).apply(input);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sequential(hidden));
    assertTrue(e.getMessage().contains("Only layers and Input.of(...) tensors can be added"), e.getMessage());
    assertTrue(e.getMessage().contains("new Model(inputs, outputs)"), e.getMessage());
    new Model(input, hidden).close();
  }

  @Test
  void cloningASequentialModelGivesNewLayersAndFreshWeights() {
    try (Sequential model = new Sequential(Input.of(4), new Dense(8, "relu"), new Dense(1))) {
      model.compile(new Adam(0.01), "mse", "mae");
      model.fit(X, Np.array(new float[][] {{1}, {0}}), fit -> fit.epochs(2).verbose(0));
      try (Model clone = Models.cloneModel(model)) {
        assertInstanceOf(Sequential.class, clone);
        assertSameConfigOtherLayersOtherWeights(model, clone);
        assertTrue(clone.isCompiled(), "compiled from the original's compile config, as Keras does");
        assertNotSame(model.optimizer(), clone.optimizer());
        assertEquals(model.optimizer().getConfig(), clone.optimizer().getConfig());
        assertEquals(0, clone.optimizer().iterations(), "a fresh optimizer");
        assertEquals(org.tensorflow.ndarray.Shape.of(2, 1), clone.predict(X).shape());
        clone.fit(X, Np.array(new float[][] {{1}, {0}}), fit -> fit.epochs(1).verbose(0));
      }
    }
  }

  @Test
  void cloningAnUnbuiltUncompiledSequentialModel() {
    try (Sequential model = new Sequential(new Dense(3), new Dense(1));
        Model clone = Models.cloneModel(model)) {
      assertFalse(clone.isBuilt());
      assertFalse(clone.isCompiled());
      assertEquals(model.getConfig(), clone.getConfig());
      assertEquals(org.tensorflow.ndarray.Shape.of(2, 1), clone.predict(X).shape());
    }
  }

  @Test
  void cloningACompiledModelBeforeItIsBuilt() {
    try (Sequential model = new Sequential(new Dense(3), new Dense(1))) {
      model.compile("rmsprop", "mse");
      try (Model clone = Models.cloneModel(model)) {
        assertFalse(clone.isBuilt());
        assertTrue(clone.isCompiled());
        assertEquals(model.optimizer().getConfig(), clone.optimizer().getConfig());
        assertInstanceOf(dev.jkeras.optimizers.RMSprop.class, clone.optimizer());
      }
    }
  }

  @Test
  void cloningAFunctionalModel() {
    KerasTensor input = Input.of(4);
    KerasTensor wide = new Dense(3, "relu").name("wide").apply(input);
    KerasTensor deep = new Dense(3, "tanh").name("deep").apply(new Dense(5).name("first").apply(input));
    KerasTensor output = new Dense(1).name("head").apply(new Concatenate().apply(wide, deep));
    try (Model model = new Model(input, output)) {
      try (Model clone = Models.cloneModel(model)) {
        assertSameConfigOtherLayersOtherWeights(model, clone);
        assertFalse(clone.isCompiled());
        assertEquals(org.tensorflow.ndarray.Shape.of(2, 1), clone.predict(X).shape());
      }
    }
  }

  @Test
  void cloningARegisteredSubclassedModel() {
    try (Model model = new SaveLoadTest.TwoTowers()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      model.predict(X);
      try (Model clone = Models.cloneModel(model)) {
        assertInstanceOf(SaveLoadTest.TwoTowers.class, clone);
        assertNotSame(model, clone);
        assertTrue(clone.isCompiled());
        assertEquals(org.tensorflow.ndarray.Shape.of(2, 3), clone.predict(X).shape());
        assertNotEquals(model.predict(X), clone.predict(X), "fresh weights");
      }
    }
  }
}
