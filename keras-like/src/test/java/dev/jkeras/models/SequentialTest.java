package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Layer;
import dev.jkeras.testing.KerasOracle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

class SequentialTest {

  private static Sequential fashionMlp() {
    return new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300, "relu"),
        new Dense(100, "relu"),
        new Dense(10, "softmax"));
  }

  @Test
  void summaryShowsKerasParameterCounts() {
    try (Sequential model = fashionMlp()) {
      List<String> lines = new ArrayList<>();
      model.summary(lines::add);
      String text = String.join("\n", lines);
      assertTrue(text.contains("Total params: 266,610 (1.02 MB)"), text);
      assertTrue(text.contains("Trainable params: 266,610 (1.02 MB)"), text);
      assertTrue(text.contains("Non-trainable params: 0 (0.00 B)"), text);
      assertTrue(text.contains("(None, 784)"), text);
      assertTrue(text.contains("235,500"), text);
      assertTrue(text.contains("30,100"), text);
      assertTrue(text.contains("1,010"), text);
      assertEquals(266_610, model.countParams());
    }
  }

  @Test
  void layersAreBuiltWithWeightsOfKerasShapes() {
    try (Sequential model = fashionMlp()) {
      Layer hidden1 = model.layers().get(1);
      List<NdArray<?>> weights = hidden1.getWeights();
      assertEquals(2, weights.size());
      assertEquals(Shape.of(784, 300), Shape.of(weights.get(0).shape()));
      assertEquals(Shape.of(300), Shape.of(weights.get(1).shape()));
      assertEquals(0f, ((Number) weights.get(1).getObject(0)).floatValue());
      assertEquals(Shape.of(Shape.UNKNOWN, 10), model.outputShape());
      assertEquals(hidden1, model.getLayer(hidden1.name()));
    }
  }

  @Test
  void layerNamesAreUniqueAsInKeras() {
    Dense a = new Dense(1);
    Dense b = new Dense(1);
    assertTrue(a.name().startsWith("dense"));
    assertTrue(b.name().matches("dense_\\d+"), b.name());
    assertFalse(a.name().equals(b.name()));
    assertEquals("main_output", new Dense(1).name("main_output").name());
  }

  @Test
  void getLayerWithUnknownNameListsTheNames() {
    try (Sequential model = fashionMlp()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.getLayer("nope"));
      assertTrue(e.getMessage().contains(model.layers().get(0).name()), e.getMessage());
    }
  }

  @Test
  void modelWithoutInputShapeIsBuiltOnFirstUseOrByBuild() {
    try (Sequential model = new Sequential(new Dense(4, "relu"), new Dense(2))) {
      assertFalse(model.isBuilt());
      model.build(3);
      assertTrue(model.isBuilt());
      assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.countParams());
    }
  }

  @Test
  void inputLayerDeclaresTheShapeAndIsNotListed() {
    try (Sequential model = new Sequential(new InputLayer(5), new Dense(2))) {
      assertTrue(model.isBuilt());
      assertEquals(1, model.layers().size());
      assertEquals(12, model.countParams());
    }
  }

  @Test
  void addAndPopRebuild() {
    try (Sequential model = new Sequential(new Dense(4).inputShape(3))) {
      model.add(new Dense(2));
      assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.countParams());
      model.pop();
      assertEquals(3 * 4 + 4, model.countParams());
      assertEquals(1, model.layers().size());
    }
  }

  @Test
  void setWeightsChecksShapes() {
    try (Sequential model = new Sequential(new Dense(2).inputShape(3))) {
      Layer dense = model.layers().get(0);
      var wrong = List.of(NdArrays.ofFloats(Shape.of(2, 3).toNdArrayShape()),
          NdArrays.ofFloats(Shape.of(2).toNdArrayShape()));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dense.setWeights(wrong));
      assertTrue(e.getMessage().contains("(3, 2)") && e.getMessage().contains("(2, 3)"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> dense.setWeights(List.of(wrong.get(1))));

      var right = List.of(NdArrays.ofFloats(Shape.of(3, 2).toNdArrayShape()),
          NdArrays.vectorOf(1f, 2f));
      dense.setWeights(right);
      assertEquals(2f, ((Number) dense.getWeights().get(1).getObject(1)).floatValue());
    }
  }

  @Test
  void optionsCannotChangeAfterBuild() {
    Dense dense = new Dense(2).inputShape(3);
    try (Sequential model = new Sequential(dense)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> dense.activation("relu"));
      assertTrue(e.getMessage().contains(dense.name()) && e.getMessage().contains("activation"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> dense.name("renamed"));
    }
  }

  @Test
  void invalidLayerArgumentsFailClearly() {
    assertThrows(IllegalArgumentException.class, () -> new Dense(0));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(3, "relux"));
    assertTrue(e.getMessage().contains("relu") && e.getMessage().contains("sigmoid"), e.getMessage());
  }

  @Test
  void twoLayersWithOneNameAreRefusedAsKerasRefusesThem() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new Dense(4).name("d").inputShape(3), new Dense(2).name("d")));
    assertTrue(e.getMessage().contains("Name 'd' is already the name of a layer"), e.getMessage());
    try (Sequential model = new Sequential(new Dense(4).name("d"))) {
      assertThrows(IllegalArgumentException.class, () -> model.add(new Dense(2).name("d")));
      assertEquals(1, model.layers().size());
    }

    var keras = KerasOracle.printedValues(String.join("\n",
        "import keras",
        "try:",
        "    keras.Sequential([keras.layers.Dense(4, name='d'), keras.layers.Dense(2, name='d')])",
        "    print('@@message=accepted')",
        "except ValueError as e:",
        "    print('@@message=' + str(e))"));
    String kerasMessage = keras.get("message");
    String sameSentences = kerasMessage.substring(0, kerasMessage.indexOf(" Update the `name` argument"));
    assertTrue(e.getMessage().startsWith(sameSentences), "Keras: " + kerasMessage + "\nours: " + e.getMessage());
  }
}
