package dev.jkeras.optimization.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.LSTM;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Training with the pruning wrapper, judged by tfmot's semantics (tensorflow/model-optimization
 * {@code pruning_wrapper.py}, {@code pruning_impl.py}, {@code pruning_callbacks.py}): the step counter
 * starts at 0 with the callback and grows by one per batch; at a pruning step the mask keeps the
 * {@code k = max(round(size * (1 - sparsity)), 1)} largest magnitudes ({@code _update_mask}); the
 * weights hold {@code weight * mask} after each epoch. The stripped model's {@code .keras} file is
 * judged by real Keras.
 */
class PruneLowMagnitudeTest {
  private static final int SAMPLES = 12;
  private static final int FEATURES = 6;

  private static FloatNdArray x() {
    Random random = new Random(7);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(SAMPLES, FEATURES));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    return x;
  }

  private static NdArray<?> y() {
    var y = NdArrays.ofInts(Shape.of(SAMPLES));
    for (int i = 0; i < SAMPLES; i++) {
      y.setInt(i % 3, i);
    }
    return y;
  }

  private static Sequential mlp() {
    return new Sequential(new Dense(16, "relu").inputShape(FEATURES), new Dense(3, "softmax"));
  }

  private static float[] values(NdArray<?> array) {
    FloatNdArray f = (FloatNdArray) array;
    float[] out = new float[Math.toIntExact(f.size())];
    int[] i = {0};
    f.scalars().forEach(s -> out[i[0]++] = s.getFloat());
    return out;
  }

  private static int zeros(float[] values) {
    int n = 0;
    for (float v : values) {
      n += v == 0f ? 1 : 0;
    }
    return n;
  }

  /** tfmot's {@code k}: float32 {@code size * (1 - sparsity)}, rounded half to even, at least 1. */
  private static int kept(int size, float sparsity) {
    return (int) Math.max(Math.rint((float) size * (1f - sparsity)), 1);
  }

  @Test
  void prunedWeightsAreExactlyTheSmallestMagnitudes() {
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), new ConstantSparsity(0.6, 0, -1, 1))) {
      List<float[]> initial = pruned.layers().stream()
          .map(l -> values(((PruneLowMagnitude) l).layer().getWeights().get(0))).toList();
      pruned.compile(new SGD(0.0), "sparse_categorical_crossentropy");
      pruned.fit(x(), y(), f -> f.epochs(1).batchSize(4).verbose(0).callbacks(new UpdatePruningStep()));
      for (int l = 0; l < 2; l++) {
        PruneLowMagnitude wrapper = (PruneLowMagnitude) pruned.layers().get(l);
        assertEquals(3L, ((Number) wrapper.pruningStep().read().getObject()).longValue(), "one step per batch");
        float[] before = initial.get(l);
        float[] after = values(wrapper.layer().getWeights().get(0));
        int k = kept(before.length, 0.6f);
        float[] magnitudes = new float[before.length];
        for (int i = 0; i < before.length; i++) {
          magnitudes[i] = Math.abs(before[i]);
        }
        float[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        float threshold = sorted[sorted.length - k];
        for (int i = 0; i < before.length; i++) {
          float expected = magnitudes[i] >= threshold ? before[i] : 0f;
          assertEquals(expected, after[i], 0f, "layer " + l + " element " + i);
        }
        assertEquals(before.length - k, zeros(after), "zeros in layer " + l);
        assertEquals(threshold, ((Number) wrapper.thresholds().get(0).read().getObject()).floatValue(), 0f);
        assertEquals(before.length - k, zeros(values(wrapper.masks().get(0).read())));
      }
    }
  }

  /**
   * As tfmot's call assigns {@code weight * mask} before the layer reads the weight: the forward pass
   * and the gradient are those of the masked weight, the gradient reaches the pruned elements too, and
   * the optimizer updates the masked weight. A plain model given the masked weights takes the same step.
   */
  @Test
  void theOptimizerStepsFromTheMaskedWeightWithTheFullGradient() {
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), new ConstantSparsity(0.5, 0, -1, 1));
        Sequential plain = mlp()) {
      List<NdArray<?>> start = pruned.layers().stream()
          .flatMap(l -> ((PruneLowMagnitude) l).layer().getWeights().stream()).toList();
      pruned.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      float[][] afterStep = new float[2][];
      dev.jkeras.callbacks.Callback peek = new dev.jkeras.callbacks.Callback() {
        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
          for (int l = 0; l < 2; l++) {
            afterStep[l] = values(((PruneLowMagnitude) pruned.layers().get(l)).layer().getWeights().get(0));
          }
        }
      };
      pruned.fit(x(), y(), f -> f.epochs(1).batchSize(SAMPLES).verbose(0).callbacks(new UpdatePruningStep(), peek));
      List<NdArray<?>> maskedStart = new java.util.ArrayList<>(start);
      for (int l = 0; l < 2; l++) {
        FloatNdArray kernel = (FloatNdArray) start.get(2 * l);
        FloatNdArray mask = (FloatNdArray) ((PruneLowMagnitude) pruned.layers().get(l)).masks().get(0).read();
        FloatNdArray product = NdArrays.ofFloats(kernel.shape());
        kernel.scalars().forEachIndexed((i, v) -> product.setFloat(v.getFloat() * mask.getFloat(i), i));
        maskedStart.set(2 * l, product);
      }
      plain.setWeights(maskedStart);
      plain.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      plain.fit(x(), y(), f -> f.epochs(1).batchSize(SAMPLES).verbose(0));
      for (int l = 0; l < 2; l++) {
        float[] expected = values(plain.layers().get(l).getWeights().get(0));
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], afterStep[l][i], 1e-7f, "layer " + l + " element " + i);
        }
        float[] masked = values(maskedStart.get(2 * l));
        int moved = 0;
        for (int i = 0; i < masked.length; i++) {
          moved += masked[i] == 0f && afterStep[l][i] != 0f ? 1 : 0;
        }
        assertTrue(moved > 0, "pruned elements get their gradient step before the next re-masking, as in tfmot");
      }
    }
  }

  @Test
  void sparsityAfterTrainingIsTheSchedulesExactly() {
    PolynomialDecay schedule = new PolynomialDecay(0.0, 0.8, 0, 10, 3, 1);
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), schedule)) {
      pruned.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      pruned.fit(x(), y(), f -> f.epochs(2).batchSize(2).verbose(0).callbacks(new UpdatePruningStep()));
      for (Layer layer : pruned.layers()) {
        PruneLowMagnitude wrapper = (PruneLowMagnitude) layer;
        assertEquals(12L, ((Number) wrapper.pruningStep().read().getObject()).longValue());
        float[] kernel = values(wrapper.layer().getWeights().get(0));
        // The last mask update is at step 10 = end_step, where the schedule gives final_sparsity.
        int expectedZeros = kernel.length - kept(kernel.length, schedule.sparsity(10));
        assertEquals(expectedZeros, zeros(values(wrapper.masks().get(0).read())), layer.name() + " mask");
        assertEquals(expectedZeros, zeros(kernel), layer.name() + " kernel after the epoch's re-masking");
        float[] bias = values(wrapper.layer().getWeights().get(1));
        assertNotEquals(0, bias.length - zeros(bias), "biases are not pruned");
      }
      Sequential stripped = Sparsity.stripPruning(pruned);
      assertEquals(List.of("dense", "dense_1").size(), stripped.layers().size());
      stripped.layers().forEach(l -> assertInstanceOf(Dense.class, l));
    }
  }

  @Test
  void sparsityRisesAsTheScheduleSaysAtEachPruningStep() {
    // Masks updated every 2 steps from step 2 to 8, sparsity 0.2 -> 0.9 with power 1.
    PolynomialDecay schedule = new PolynomialDecay(0.2, 0.9, 2, 8, 1, 2);
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), schedule)) {
      pruned.compile(new SGD(0.05), "sparse_categorical_crossentropy");
      PruneLowMagnitude first = (PruneLowMagnitude) pruned.layers().get(0);
      UpdatePruningStep callback = new UpdatePruningStep();
      int size = Math.toIntExact(first.masks().get(0).shape().size());
      int[] expectedAfterStep = new int[10];
      for (int step = 1; step < 10; step++) {
        int previous = expectedAfterStep[step - 1];
        expectedAfterStep[step] = schedule.shouldPrune(step) ? size - kept(size, schedule.sparsity(step)) : previous;
      }
      for (int epoch = 1; epoch <= 9; epoch++) {
        // One batch per epoch: pruning_step equals the epoch number.
        pruned.fit(x(), y(), f -> f.epochs(1).batchSize(SAMPLES).verbose(0).callbacks(callback));
        assertEquals(expectedAfterStep[epoch], zeros(values(first.masks().get(0).read())), "after step " + epoch);
      }
    }
  }

  @Test
  void aFunctionalModelPrunesTheLayersWrappedWhenItIsBuilt() {
    var input = dev.jkeras.layers.Input.of(FEATURES);
    var hidden = new PruneLowMagnitude(new Dense(16, "relu"), new ConstantSparsity(0.75, 0, -1, 1)).apply(input);
    var output = new Dense(3, "softmax").apply(hidden);
    try (var model = new dev.jkeras.models.Model(List.of(input), List.of(output))) {
      model.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      model.fit(x(), y(), f -> f.epochs(1).batchSize(4).verbose(0).callbacks(new UpdatePruningStep()));
      PruneLowMagnitude wrapper = (PruneLowMagnitude) model.layers().stream()
          .filter(l -> l instanceof PruneLowMagnitude).findFirst().orElseThrow();
      float[] kernel = values(wrapper.layer().getWeights().get(0));
      assertEquals(kernel.length - kept(kernel.length, 0.75f), zeros(kernel));
      IllegalArgumentException strip = assertThrows(IllegalArgumentException.class, () -> Sparsity.stripPruning(model));
      assertTrue(strip.getMessage().contains("Sequential"), strip.getMessage());
    }
  }

  @Test
  void aModelBuiltOnlyByFitStartsItsStepWithTheCallback() {
    try (Sequential pruned = new Sequential(new PruneLowMagnitude(new Dense(8, "relu"), new ConstantSparsity(0.5, 0, -1, 1)),
        new Dense(3, "softmax"))) {
      assertTrue(!pruned.isBuilt());
      pruned.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      pruned.fit(x(), y(), f -> f.epochs(1).batchSize(4).verbose(0).callbacks(new UpdatePruningStep()));
      PruneLowMagnitude wrapper = (PruneLowMagnitude) pruned.layers().get(0);
      assertEquals(3L, ((Number) wrapper.pruningStep().read().getObject()).longValue());
      assertEquals(48 - kept(48, 0.5f), zeros(values(wrapper.layer().getWeights().get(0))));
    }
  }

  @Test
  void recurrentLayersPruneTheirKernelAndRecurrentKernel() {
    for (Layer recurrent : List.<Layer>of(new LSTM(4), new dev.jkeras.layers.GRU(4), new dev.jkeras.layers.SimpleRNN(4))) {
      var input = dev.jkeras.layers.Input.of(5, 3);
      var wrapper = new PruneLowMagnitude(recurrent, new ConstantSparsity(0.5, 0, -1, 1));
      var output = new Dense(3, "softmax").apply(wrapper.apply(input));
      try (var model = new dev.jkeras.models.Model(List.of(input), List.of(output))) {
        model.compile(new SGD(0.1), "sparse_categorical_crossentropy");
        var x = NdArrays.ofFloats(Shape.of(SAMPLES, 5, 3));
        x.scalars().forEachIndexed((i, s) -> s.setFloat((float) Math.sin(i[0] * 15 + i[1] * 3 + i[2])));
        model.fit(x, y(), f -> f.epochs(1).batchSize(4).verbose(0).callbacks(new UpdatePruningStep()));
        assertEquals(2, wrapper.prunableWeights().size(), recurrent.getClass().getSimpleName());
        for (int i = 0; i < 2; i++) {
          String name = wrapper.prunableWeights().get(i).name();
          assertTrue(name.endsWith(i == 0 ? "/kernel" : "/recurrent_kernel"), name);
          float[] weight = values(wrapper.prunableWeights().get(i).read());
          assertEquals(weight.length - kept(weight.length, 0.5f), zeros(weight), name);
        }
      }
    }
  }

  @Test
  void trainingWithoutTheCallbackFailsWithTfmotsMessage() {
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), new ConstantSparsity(0.5, 0))) {
      pruned.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> pruned.fit(x(), y(), f -> f.epochs(1).batchSize(4).verbose(0)));
      assertTrue(String.valueOf(e.getMessage()).contains("Prune() wrapper requires the UpdatePruningStep callback "
          + "to be provided during training. Please add it as a callback to your model.fit call."), e.getMessage());
    }
  }

  @Test
  void hostileWrappingsFailClearly() {
    ConstantSparsity schedule = new ConstantSparsity(0.5, 0);
    IllegalArgumentException unsupported = assertThrows(IllegalArgumentException.class,
        () -> new PruneLowMagnitude(new dev.jkeras.layers.Bidirectional(new LSTM(4)), schedule));
    assertTrue(unsupported.getMessage().startsWith("Please initialize `Prune` with a supported layer."),
        unsupported.getMessage());
    assertTrue(unsupported.getMessage().contains("PrunableLayer"), unsupported.getMessage());
    assertTrue(unsupported.getMessage().contains("Bidirectional"), unsupported.getMessage());
    Dense subclass = new Dense(3) {};
    assertThrows(IllegalArgumentException.class, () -> new PruneLowMagnitude(subclass, schedule),
        "tfmot's registry matches the exact class");
    IllegalArgumentException pooling = assertThrows(IllegalArgumentException.class,
        () -> new PruneLowMagnitude(new Dense(3), schedule, new int[] {1, 1}, "MIN"));
    assertEquals("Unsupported pooling type 'MIN'. Should be 'AVG' or 'MAX'.", pooling.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PruneLowMagnitude(new Dense(3), schedule, new int[] {0, 2},
        "AVG"));
    assertThrows(IllegalArgumentException.class, () -> new PruneLowMagnitude(null, schedule));
    assertThrows(IllegalArgumentException.class, () -> new PruneLowMagnitude(new Dense(3), null));
    IllegalArgumentException blocks = assertThrows(IllegalArgumentException.class, () -> new Sequential(
        new PruneLowMagnitude(new Conv2D(2, 3).inputShape(6, 6, 1), schedule, new int[] {2, 2}, "AVG")));
    assertTrue(blocks.getMessage().contains("Block Sparsity can only be used for layers which have 2-dimensional "
        + "weights"), blocks.getMessage());
    IllegalArgumentException modelWithLstm = assertThrows(IllegalArgumentException.class,
        () -> Sparsity.pruneLowMagnitude(new Sequential(new dev.jkeras.layers.Bidirectional(new LSTM(2))
            .inputShape(3, 2), new Dense(2)), schedule));
    assertTrue(modelWithLstm.getMessage().contains("Bidirectional"), "names the layer that cannot be pruned: "
        + modelWithLstm.getMessage());
  }

  @Test
  void blockSparsityPrunesWholeBlocks() {
    try (Sequential pruned = new Sequential(new PruneLowMagnitude(new Dense(6).inputShape(FEATURES),
        new ConstantSparsity(0.5, 0, -1, 1), new int[] {2, 3}, "AVG"))) {
      pruned.compile(new SGD(0.0), "mse");
      var target = NdArrays.ofFloats(Shape.of(SAMPLES, 6));
      pruned.fit(x(), target, f -> f.epochs(1).batchSize(SAMPLES).verbose(0).callbacks(new UpdatePruningStep()));
      FloatNdArray mask = (FloatNdArray) ((PruneLowMagnitude) pruned.layers().get(0)).masks().get(0).read();
      // 6x6 kernel in 3x2 blocks of 2x3: half of the 6 blocks kept.
      int keptBlocks = 0;
      for (int br = 0; br < 3; br++) {
        for (int bc = 0; bc < 2; bc++) {
          float first = mask.getFloat(br * 2, bc * 3);
          for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
              assertEquals(first, mask.getFloat(br * 2 + r, bc * 3 + c), 0f, "block " + br + "," + bc);
            }
          }
          keptBlocks += first == 1f ? 1 : 0;
        }
      }
      assertEquals(3, keptBlocks);
    }
  }

  @Test
  void aModelSavedWithItsWrappersLoadsBackWithMasksAndStep(@TempDir Path dir) {
    PolynomialDecay schedule = new PolynomialDecay(0.1, 0.6, 0, 6, 3, 2);
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), schedule)) {
      pruned.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      pruned.fit(x(), y(), f -> f.epochs(1).batchSize(4).verbose(0).callbacks(new UpdatePruningStep()));
      Path file = dir.resolve("pruning.keras");
      pruned.save(file);
      try (dev.jkeras.models.Model loaded = dev.jkeras.models.Models.loadModel(file,
          Map.of("PruneLowMagnitude", PruneLowMagnitude.class))) {
        for (int l = 0; l < 2; l++) {
          PruneLowMagnitude before = (PruneLowMagnitude) pruned.layers().get(l);
          PruneLowMagnitude after = (PruneLowMagnitude) loaded.layers().get(l);
          assertEquals(before.name(), after.name());
          assertEquals(schedule.getConfig(), after.pruningSchedule().getConfig());
          assertEquals(Arrays.toString(values(before.masks().get(0).read())),
              Arrays.toString(values(after.masks().get(0).read())));
          assertEquals(3L, ((Number) after.pruningStep().read().getObject()).longValue());
        }
        assertEquals(Arrays.toString(values(pruned.predict(x(), p -> p.verbose(0)))),
            Arrays.toString(values(loaded.predict(x(), p -> p.verbose(0)))));
      }
    }
  }

  @Test
  void strippedModelLoadsInKerasAndPredictsTheSame(@TempDir Path dir) throws Exception {
    KerasOracle.assumeAvailable();
    try (Sequential pruned = Sparsity.pruneLowMagnitude(mlp(), new PolynomialDecay(0.0, 0.7, 0, 4, 3, 1))) {
      pruned.compile(new SGD(0.1), "sparse_categorical_crossentropy");
      pruned.fit(x(), y(), f -> f.epochs(2).batchSize(4).verbose(0).callbacks(new UpdatePruningStep()));
      Sequential stripped = Sparsity.stripPruning(pruned);
      Path file = dir.resolve("pruned.keras");
      stripped.save(file);
      FloatNdArray predicted = stripped.predict(x(), p -> p.verbose(0));
      FloatNdArray prunedPredicted = pruned.predict(x(), p -> p.verbose(0));
      assertEquals(Arrays.toString(values(prunedPredicted)), Arrays.toString(values(predicted)),
          "the stripped model computes what the pruned one does");
      Npy.write(dir.resolve("x.npy"), x());
      Npy.write(dir.resolve("y.npy"), predicted);
      int expectedZeros = 0;
      for (Layer layer : stripped.layers()) {
        expectedZeros += zeros(values(layer.getWeights().get(0)));
      }
      assertTrue(expectedZeros > 0);
      Map<String, String> keras = KerasOracle.printedValues(String.join("\n",
          "import sys; sys.path.insert(0, 'shims'); import keras_env, numpy as np, keras",
          "d = '" + dir + "'",
          "m = keras.models.load_model(d + '/pruned.keras')",
          "y = m.predict(np.load(d + '/x.npy'), verbose=0)",
          "print('@@diff=%r' % float(np.max(np.abs(y - np.load(d + '/y.npy')))))",
          "print('@@zeros=%d' % sum(int(np.sum(l.kernel.numpy() == 0) if hasattr(l.kernel, 'numpy') "
              + "else np.sum(np.asarray(l.kernel) == 0)) for l in m.layers))",
          "print('@@classes=%s' % ','.join(type(l).__name__ for l in m.layers))"));
      assertEquals("Dense,Dense", keras.get("classes"));
      assertEquals(String.valueOf(expectedZeros), keras.get("zeros"));
      assertTrue(Double.parseDouble(keras.get("diff")) < 1e-6, "Keras's predictions differ by " + keras.get("diff"));
    }
  }
}
