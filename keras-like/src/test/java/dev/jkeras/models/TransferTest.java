package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Freezing layers and Monte Carlo dropout (seed 004). */
class TransferTest {
  private final TestData.Blobs data = TestData.blobs(400, 8, 3, 11);

  private static List<float[]> snapshot(Layer layer) {
    List<float[]> values = new ArrayList<>();
    for (NdArray<?> w : layer.getWeights()) {
      float[] copy = new float[(int) w.size()];
      ((FloatNdArray) w).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(copy, false, false));
      values.add(copy);
    }
    return values;
  }

  @Test
  void frozenLayersStayBitIdenticalAndUnfreezingTakesEffectAtCompile() {
    Dense lower = new Dense(16, "relu");
    try (var model = new Sequential(lower.inputShape(8), new Dense(3, "softmax"))) {
      lower.trainable(false);
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      assertEquals(3 * 16 + 3, model.trainableWeights().stream().mapToLong(v -> v.shape().size()).sum());
      List<String> summary = new ArrayList<>();
      model.summary(summary::add);
      assertTrue(String.join("\n", summary).contains("Non-trainable params: 144 (576.00 B)"), summary.toString());

      List<float[]> before = snapshot(lower);
      model.fit(data.x(), data.y(), f -> f.epochs(2).verbose(0));
      List<float[]> after = snapshot(lower);
      for (int i = 0; i < before.size(); i++) {
        assertTrue(java.util.Arrays.equals(before.get(i), after.get(i)), "frozen weight " + i + " changed");
      }

      lower.trainable(true);
      model.compile(new dev.jkeras.optimizers.Adam(1e-4), "sparse_categorical_crossentropy", "accuracy");
      model.fit(data.x(), data.y(), f -> f.epochs(1).verbose(0));
      assertTrue(!java.util.Arrays.equals(after.get(0), snapshot(lower).get(0)), "unfrozen weights did not train");
    }
  }

  /**
   * Keras 3's {@code Layer.trainable} setter (keras/src/layers/layer.py) sets the flag of every
   * sublayer: {@code base.trainable = False} freezes a nested base whole, its BatchNormalization
   * layers included, which then keep their moving statistics while the head trains.
   */
  @Test
  void freezingAModelFreezesEveryLayerAsKerasDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    var norm = new dev.jkeras.layers.BatchNormalization();
    try (var base = new Sequential(new Dense(16, "relu").inputShape(8), norm);
        var model = new Sequential(base, new Dense(3, "softmax"))) {
      model.build(8);
      base.trainable(false);
      assertTrue(base.layers().stream().noneMatch(Layer::trainable), "every layer of the frozen base");
      model.compile("adam", "sparse_categorical_crossentropy");
      assertEquals(16 * 3 + 3, model.trainableWeights().stream().mapToLong(v -> v.shape().size()).sum());
      List<float[]> before = snapshot(norm);
      model.fit(data.x(), data.y(), f -> f.epochs(1).verbose(0));
      List<float[]> after = snapshot(norm);
      for (int i = 0; i < before.size(); i++) {
        assertTrue(java.util.Arrays.equals(before.get(i), after.get(i)), "frozen BatchNormalization weight " + i);
      }

      base.trainable(true);
      assertTrue(base.layers().stream().allMatch(Layer::trainable), "unfreezing the base unfreezes its layers");
      base.layers().get(0).trainable(false);
      model.compile("adam", "sparse_categorical_crossentropy");
      java.nio.file.Path file = tmp.resolve("partly_frozen.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        Model loadedBase = (Model) loaded.layers().get(0);
        assertTrue(loadedBase.trainable(), "the base's own flag");
        assertEquals(List.of(false, true), loadedBase.layers().stream().map(Layer::trainable).toList(),
            "loading sets each layer's saved flag, not the model's on all of them");
      }
    }
  }

  @Test
  void monteCarloDropoutVariesWhilePlainPredictDoesNot() {
    try (var model = new Sequential(new Dense(32, "relu").inputShape(8), new Dropout(0.5), new Dense(3, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy");
      model.fit(data.x(), data.y(), f -> f.epochs(1).verbose(0));
      FloatNdArray plain1 = model.predict(data.x(), p -> p.verbose(0));
      FloatNdArray plain2 = model.predict(data.x(), p -> p.verbose(0));
      FloatNdArray mc1 = model.predict(data.x(), p -> p.verbose(0).training(true));
      FloatNdArray mc2 = model.predict(data.x(), p -> p.verbose(0).training(true));
      assertEquals(plain1, plain2);
      assertNotEquals(mc1, mc2);
      assertNotEquals(plain1, mc1);
    }
  }

  @Test
  void reusedLayersAreSharedWithTheModelTheyCameFrom() {
    try (var modelA = new Sequential(new Dense(16, "relu").inputShape(8), new Dense(3, "softmax"))) {
      modelA.compile("adam", "sparse_categorical_crossentropy");
      modelA.fit(data.x(), data.y(), f -> f.epochs(2).verbose(0));
      Layer reused = modelA.layers().get(0);
      FloatNdArray beforeA = modelA.predict(data.x(), p -> p.verbose(0));

      org.tensorflow.ndarray.FloatNdArray isFirstClass = NdArrays.ofFloats(
          Shape.of(data.y().shape().get(0)));
      for (long i = 0; i < data.y().shape().get(0); i++) {
        isFirstClass.setFloat(data.y().getInt(i) == 0 ? 1f : 0f, i);
      }
      try (var modelB = new Sequential(reused, new Dense(1, "sigmoid"))) {
        reused.trainable(false);
        modelB.compile("adam", "binary_crossentropy", "accuracy");
        List<float[]> frozen = snapshot(reused);
        modelB.fit(data.x(), isFirstClass, f -> f.epochs(3).verbose(0));
        assertTrue(java.util.Arrays.equals(frozen.get(0), snapshot(reused).get(0)), "frozen reused layer changed");

        reused.trainable(true);
        modelB.compile(new dev.jkeras.optimizers.Adam(1e-3), "binary_crossentropy", "accuracy");
        modelB.fit(data.x(), isFirstClass, f -> f.epochs(2).verbose(0));
        assertTrue(!java.util.Arrays.equals(frozen.get(0), snapshot(reused).get(0)), "fine-tuning changed nothing");
      }
      FloatNdArray afterA = modelA.predict(data.x(), p -> p.verbose(0));
      assertNotEquals(beforeA, afterA, "model A should see the fine-tuned shared layer, as in Keras");
    }
  }

  @Test
  void aModelIsALayerOfAnotherModel() {
    var inner = dev.jkeras.layers.Input.of(8);
    var base = new Model(inner, new Dense(16, "relu").apply(inner));
    var input = dev.jkeras.layers.Input.of(8);
    var output = new Dense(3, "softmax").apply(base.apply(input));
    try (var model = new Model(input, output)) {
      assertEquals(8 * 16 + 16 + 16 * 3 + 3, model.countParams());
      model.compile(new dev.jkeras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
      var history = model.fit(data.x(), data.y(), f -> f.epochs(10).verbose(0));
      assertTrue(history.history().get("accuracy").get(9) > 0.9, history.toString());
      assertTrue(model.layers().contains(base));
    } finally {
      base.close();
    }
  }
}
