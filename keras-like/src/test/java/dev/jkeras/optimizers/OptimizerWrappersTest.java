package dev.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.schedules.CosineDecayRestarts;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import dev.jkeras.testing.Conformance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * What the Keras-judged {@link OptimizerConformanceTest} does not reach: {@code use_ema} and
 * {@code gradient_accumulation_steps} inside {@code fit} (several batches per fit), a
 * {@link LossScaleOptimizer} skipping a step with infinite gradients during {@code fit}, these options
 * through a {@code .keras} file, and every hostile argument or config.
 */
class OptimizerWrappersTest {
  @TempDir
  Path dir;

  private static final int SAMPLES = 12;

  private static float[][] x(Random random) {
    float[][] x = new float[SAMPLES][3];
    for (float[] row : x) {
      for (int j = 0; j < 3; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return x;
  }

  private static float[][] y(Random random) {
    float[][] y = new float[SAMPLES][2];
    for (float[] row : y) {
      row[0] = (float) random.nextGaussian();
      row[1] = (float) random.nextGaussian();
    }
    return y;
  }

  private static Sequential model(Optimizer optimizer) {
    Sequential model = new Sequential(new Dense(2).inputShape(3));
    model.compile(optimizer, "mse");
    return model;
  }

  /** Records the model's weights after every batch. */
  private static class WeightsPerBatch extends Callback {
    final List<List<NdArray<?>>> weights = new ArrayList<>();

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
      weights.add(model().getWeights());
    }
  }

  private static NdArray<?> array(float[][] values) {
    return StdArrays.ndCopyOf(values);
  }

  private static List<Variable> named(Optimizer optimizer, String suffix) {
    return optimizer.variables().stream().filter(v -> v.name().endsWith(suffix)).toList();
  }

  private static void assertSame(List<NdArray<?>> expected, List<NdArray<?>> actual, String what) {
    for (int i = 0; i < expected.size(); i++) {
      Conformance.assertClose(expected.get(i), actual.get(i), 0, 0, what + " weight " + i);
    }
  }

  private static boolean changed(List<NdArray<?>> before, List<NdArray<?>> after) {
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- use_ema in fit

  @Test
  void emaWeightsAtTheEndOfFitAreTheAverages() {
    Random random = new Random(3);
    float[][] x = x(random);
    float[][] y = y(random);
    SGD optimizer = new SGD(0.1).useEma(true).emaMomentum(0.5);
    try (Sequential model = model(optimizer)) {
      WeightsPerBatch record = new WeightsPerBatch();
      model.fit(array(x), array(y), f -> f.epochs(1).batchSize(3).shuffle(false).verbose(0).callbacks(record));
      assertEquals(4, record.weights.size());
      List<Variable> averages = named(optimizer, "_average");
      assertEquals(2, averages.size(), "one average per trainable variable: " + optimizer.variables());
      // average_1 = w_1, then average_t = 0.5 * average + 0.5 * w_t
      for (int i = 0; i < 2; i++) {
        double[] expected = Conformance.values(record.weights.get(0).get(i));
        for (int t = 1; t < 4; t++) {
          double[] w = Conformance.values(record.weights.get(t).get(i));
          for (int k = 0; k < expected.length; k++) {
            expected[k] = 0.5 * expected[k] + 0.5 * w[k];
          }
        }
        double[] average = Conformance.values(averages.get(i).read());
        assertArrayEquals(expected, average, 1e-6, "the moving average of weight " + i);
        assertArrayEquals(average, Conformance.values(model.getWeights().get(i)), 0,
            "after fit, weight " + i + " is its moving average (Keras's finalize_variable_values)");
      }
      assertTrue(changed(record.weights.get(3), model.getWeights()), "the last step's weights were replaced");
    }
  }

  // ---------------------------------------------------------------- gradient accumulation in fit

  @Test
  void accumulatedGradientsUpdateTheWeightsEveryNSteps() {
    Random random = new Random(5);
    float[][] x = x(random);
    float[][] y = y(random);
    Adam optimizer = new Adam(0.05).gradientAccumulationSteps(3);
    try (Sequential model = model(optimizer)) {
      List<NdArray<?>> initial = model.getWeights();
      WeightsPerBatch record = new WeightsPerBatch();
      model.fit(array(x), array(y), f -> f.epochs(1).batchSize(2).shuffle(false).verbose(0).callbacks(record));
      List<List<NdArray<?>>> w = record.weights;
      assertEquals(6, w.size());
      assertSame(initial, w.get(0), "batch 1 only accumulates:");
      assertSame(initial, w.get(1), "batch 2 only accumulates:");
      assertTrue(changed(initial, w.get(2)), "batch 3 updates the weights");
      assertSame(w.get(2), w.get(3), "batch 4 only accumulates:");
      assertSame(w.get(2), w.get(4), "batch 5 only accumulates:");
      assertTrue(changed(w.get(4), w.get(5)), "batch 6 updates the weights");
      assertEquals(2, optimizer.iterations(), "iterations counts updates, as Keras's optimizer.iterations");
      assertEquals(6L, ((Number) optimizer.variables().get(0).read().getObject()).longValue(),
          "the saved iteration variable counts batches, as Keras's");
      for (Variable accumulator : named(optimizer, "_gradient_accumulator")) {
        assertArrayEquals(new double[Math.toIntExact(accumulator.shape().size())],
            Conformance.values(accumulator.read()), 0, "accumulators are reset after an update");
      }
    }
  }

  @Test
  void accumulationGivesTheStepOfTheMeanGradient() {
    Random random = new Random(6);
    float[][] x = x(random);
    float[][] y = y(random);
    try (Sequential accumulating = model(new SGD(0.1).gradientAccumulationSteps(2));
        Sequential fullBatch = model(new SGD(0.1))) {
      fullBatch.setWeights(accumulating.getWeights());
      accumulating.fit(array(x), array(y), f -> f.epochs(1).batchSize(6).shuffle(false).verbose(0));
      fullBatch.fit(array(x), array(y), f -> f.epochs(1).batchSize(12).shuffle(false).verbose(0));
      for (int i = 0; i < 2; i++) {
        Conformance.assertClose(fullBatch.getWeights().get(i), accumulating.getWeights().get(i), 1e-5, 1e-6,
            "two half batches accumulated = one full batch, weight " + i);
      }
    }
  }

  // ---------------------------------------------------------------- LossScaleOptimizer in fit

  @Test
  void lossScaleOptimizerSkipsAStepWithInfiniteGradientsAndHalvesTheScale() {
    Random random = new Random(7);
    float[][] x = x(random);
    float[][] y = y(random);
    x[4][1] = Float.POSITIVE_INFINITY;   // batch 3 of 6 (batch size 2)
    LossScaleOptimizer optimizer = new LossScaleOptimizer(new SGD(0.1), 1024, 2);
    try (Sequential model = model(optimizer);
        Sequential reference = model(new SGD(0.1))) {
      reference.setWeights(model.getWeights());
      List<Double> scales = new ArrayList<>();
      WeightsPerBatch record = new WeightsPerBatch() {
        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
          super.onTrainBatchEnd(batch, logs);
          scales.add(optimizer.dynamicScale());
        }
      };
      model.fit(array(x), array(y), f -> f.epochs(1).batchSize(2).shuffle(false).verbose(0).callbacks(record));
      // finite, finite (grow), inf (halve, skip), finite, finite (grow), finite
      assertEquals(List.of(1024.0, 2048.0, 1024.0, 1024.0, 2048.0, 2048.0), scales);
      assertSame(record.weights.get(1), record.weights.get(2), "the step with infinite gradients is skipped:");
      for (double value : Conformance.values(record.weights.get(5).get(0))) {
        assertTrue(Double.isFinite(value), "no infinity reached the weights");
      }
      assertEquals(5, optimizer.iterations(), "the inner optimizer counts the 5 applied steps only");
      assertEquals(5, optimizer.innerOptimizer().iterations());
      // The same steps without the bad batch, unscaled: the same weights.
      float[][] xGood = new float[10][];
      float[][] yGood = new float[10][];
      for (int i = 0, j = 0; i < SAMPLES; i++) {
        if (i / 2 != 2) {
          xGood[j] = x[i];
          yGood[j++] = y[i];
        }
      }
      reference.fit(array(xGood), array(yGood), f -> f.epochs(1).batchSize(2).shuffle(false).verbose(0));
      for (int i = 0; i < 2; i++) {
        Conformance.assertClose(reference.getWeights().get(i), model.getWeights().get(i), 1e-5, 1e-6,
            "loss scaling leaves the update unchanged, weight " + i);
      }
    }
  }

  @Test
  void severalStepsPerExecutionGiveTheSameConditionalSteps() {
    Random random = new Random(10);
    float[][] x = x(random);
    float[][] y = y(random);
    x[6][0] = Float.NaN;   // batch 4 of 6 (batch size 2) is skipped
    List<List<NdArray<?>>> results = new ArrayList<>();
    List<List<NdArray<?>>> states = new ArrayList<>();
    List<NdArray<?>> initial = null;
    for (int stepsPerExecution : new int[] {1, 3, 6}) {
      try (Sequential model = new Sequential(new Dense(2).inputShape(3))) {
        model.compile(c -> c.optimizer(new LossScaleOptimizer(new Adam(0.05).gradientAccumulationSteps(2).useEma(true)
            .emaOverwriteFrequency(2), 64, 2)).loss("mse").stepsPerExecution(stepsPerExecution));
        if (initial == null) {
          initial = model.getWeights();
        } else {
          model.setWeights(initial);
        }
        model.fit(array(x), array(y), f -> f.epochs(1).batchSize(2).shuffle(false).verbose(0));
        results.add(model.getWeights());
        states.add(model.optimizer().variables().stream().<NdArray<?>>map(Variable::read).toList());
      }
    }
    for (int i = 1; i < results.size(); i++) {
      for (int j = 0; j < 2; j++) {
        Conformance.assertClose(results.get(0).get(j), results.get(i).get(j), 1e-6, 1e-7,
            "weight " + j + " with several steps per execution (run " + i + ")");
      }
      for (int j = 0; j < states.get(0).size(); j++) {
        Conformance.assertClose(states.get(0).get(j), states.get(i).get(j), 1e-6, 1e-7,
            "optimizer variable " + j + " with several steps per execution (run " + i + ")");
      }
    }
  }

  // ---------------------------------------------------------------- .keras files

  @Test
  void optionsAndStateSurviveAKerasFile() {
    Random random = new Random(8);
    float[][] x = x(random);
    float[][] y = y(random);
    Supplier<Optimizer> make = () -> new LossScaleOptimizer(new Adam(0.02).useEma(true).emaMomentum(0.9)
        .emaOverwriteFrequency(5).gradientAccumulationSteps(2), 512, 3);
    Path file = dir.resolve("wrapped.keras");
    Map<String, Object> config;
    List<NdArray<?>> state;
    try (Sequential model = model(make.get())) {
      model.fit(array(x), array(y), f -> f.epochs(1).batchSize(4).shuffle(false).verbose(0));
      config = model.optimizer().getConfig();
      state = model.optimizer().variables().stream().<NdArray<?>>map(Variable::read).toList();
      model.save(file);
    }
    try (Model loaded = Models.loadModel(file)) {
      LossScaleOptimizer optimizer = assertInstanceOf(LossScaleOptimizer.class, loaded.optimizer());
      Conformance.assertConfigEquals(config, optimizer.getConfig(), "optimizer config after loading");
      assertEquals(2, optimizer.innerOptimizer().gradientAccumulationSteps());
      assertTrue(optimizer.innerOptimizer().useEma());
      List<Variable> variables = optimizer.variables();
      assertEquals(state.size(), variables.size());
      for (int i = 0; i < state.size(); i++) {
        Conformance.assertClose(state.get(i), variables.get(i).read(), 0, 0, "optimizer variable " + variables.get(i).name());
      }
      loaded.fit(array(x), array(y), f -> f.epochs(1).batchSize(4).shuffle(false).verbose(0));
      assertEquals(3, optimizer.iterations(), "3 batches, then 3 more, with updates every 2");
    }
  }

  @Test
  void newOptimizersAreFoundByName() {
    assertInstanceOf(Lion.class, Optimizers.get("lion"));
    assertInstanceOf(Lamb.class, Optimizers.get("lamb"));
    assertInstanceOf(Adafactor.class, Optimizers.get("adafactor"));
    Optimizer restored = Optimizers.deserialize(Serialization.serialize(new LossScaleOptimizer(new Lion(0.01))));
    assertInstanceOf(Lion.class, assertInstanceOf(LossScaleOptimizer.class, restored).innerOptimizer());
  }

  // ---------------------------------------------------------------- hostile input

  private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
  }

  private static Map<String, Object> config(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  @Test
  void hostileOptionsAreRefusedWithClearMessages() {
    assertRefused("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=1.5",
        () -> new Adam().emaMomentum(1.5));
    assertRefused("ema_momentum=-0.1", () -> new SGD().emaMomentum(-0.1));
    assertRefused("ema_momentum=NaN", () -> new SGD().emaMomentum(Double.NaN));
    assertRefused("`ema_overwrite_frequency` must be an integer >= 1", () -> new SGD().emaOverwriteFrequency(0));
    assertRefused("`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=1",
        () -> new Adam().gradientAccumulationSteps(1));
    assertRefused("gradient_accumulation_steps=0", () -> new RMSprop().gradientAccumulationSteps(0));
    assertRefused("gradient_accumulation_steps=-3", () -> new Lion().gradientAccumulationSteps(-3));
    assertRefused("`loss_scale_factor` must be a finite number > 0", () -> new Adam().lossScaleFactor(0));
    assertRefused("`loss_scale_factor`", () -> new Adam().lossScaleFactor(Double.POSITIVE_INFINITY));
    assertRefused("`beta_1` must be in the (0, 1] range", () -> new Lion(0.001, 0, 0.99));
    assertRefused("`beta_2` must be in the [0, 1] range", () -> new Lion(0.001, 0.9, 1.5));
    assertRefused("0 <= beta1, beta2 < 1", () -> new Lamb(0.001, 1.0, 0.9, 1e-7));
    assertRefused("clip_threshold > 0", () -> new Adafactor().clipThreshold(0));
    assertRefused("beta_2_decay <= 0", () -> new Adafactor().beta2Decay(0.5));
    assertRefused("`first_decay_steps` must be > 0", () -> new CosineDecayRestarts(0.1, 0));
    assertRefused("`t_mul` must be > 0", () -> new CosineDecayRestarts(0.1, 10).tMul(0));
    assertRefused("`t_mul` must be > 0", () -> new CosineDecayRestarts(0.1, 10).tMul(Double.NaN));
    assertRefused("`m_mul` must be a finite number", () -> new CosineDecayRestarts(0.1, 10).mMul(Double.NaN));
  }

  @Test
  void hostileLossScaleOptimizersAreRefused() {
    assertRefused("cannot wrap another LossScaleOptimizer",
        () -> new LossScaleOptimizer(new LossScaleOptimizer(new SGD())));
    assertRefused("needs an inner optimizer", () -> new LossScaleOptimizer(null));
    assertRefused("`initial_scale` must be a finite number > 0", () -> new LossScaleOptimizer(new SGD(), 0, 10));
    assertRefused("`initial_scale`", () -> new LossScaleOptimizer(new SGD(), Double.NaN, 10));
    assertRefused("`initial_scale`", () -> new LossScaleOptimizer(new SGD(), Double.POSITIVE_INFINITY, 10));
    assertRefused("`dynamic_growth_steps` must be an integer >= 1", () -> new LossScaleOptimizer(new SGD(), 2, 0));
    LossScaleOptimizer wrapper = new LossScaleOptimizer(new SGD());
    assertRefused("LossScaleOptimizer does not support `clipnorm`. Instead, set `clipnorm` on the `inner_optimizer`",
        () -> wrapper.clipnorm(1));
    assertRefused("does not support `use_ema`", () -> wrapper.useEma(true));
    assertRefused("does not support `gradient_accumulation_steps`", () -> wrapper.gradientAccumulationSteps(2));
    Map<String, Object> inner = Serialization.serialize(new SGD());
    assertRefused("does not support `clipnorm`", () -> LossScaleOptimizer.fromConfig(new Config("LossScaleOptimizer",
        config("inner_optimizer", inner, "clipnorm", 1.0))));
    assertRefused("no longer supports `dynamic=False`", () -> LossScaleOptimizer.fromConfig(
        new Config("LossScaleOptimizer", config("inner_optimizer", inner, "dynamic", false))));
    assertRefused("does not support arguments: `bogus`", () -> LossScaleOptimizer.fromConfig(
        new Config("LossScaleOptimizer", config("inner_optimizer", inner, "bogus", 1))));
    assertRefused("has no `inner_optimizer`", () -> LossScaleOptimizer.fromConfig(
        new Config("LossScaleOptimizer", config("initial_scale", 2.0))));
    Map<String, Object> nested = Serialization.serialize(new LossScaleOptimizer(new SGD()));
    assertRefused("cannot wrap another LossScaleOptimizer", () -> LossScaleOptimizer.fromConfig(
        new Config("LossScaleOptimizer", config("inner_optimizer", nested))));
    // The defaults an older Keras saved for a LossScaleOptimizer are accepted.
    LossScaleOptimizer.fromConfig(new Config("LossScaleOptimizer", config("inner_optimizer", inner, "use_ema", false,
        "ema_momentum", 0.99, "clipnorm", null)));
  }

  @Test
  void hostileConfigsAreRefused() {
    Map<String, Object> adam = new LinkedHashMap<>(new Adam().getConfig());
    adam.put("gradient_accumulation_steps", 1);
    assertRefused("gradient_accumulation_steps=1", () -> Adam.fromConfig(new Config("Adam", adam)));
    adam.put("gradient_accumulation_steps", 2.5);
    assertThrows(IllegalArgumentException.class, () -> Adam.fromConfig(new Config("Adam", adam)));
    adam.put("gradient_accumulation_steps", null);
    adam.put("use_ema", true);
    adam.put("ema_momentum", 7.0);
    assertRefused("ema_momentum=7.0", () -> Adam.fromConfig(new Config("Adam", adam)));
    adam.put("ema_momentum", 0.9);
    adam.put("ema_overwrite_frequency", -1);
    assertRefused("ema_overwrite_frequency=-1", () -> Adam.fromConfig(new Config("Adam", adam)));
    adam.put("ema_overwrite_frequency", 0);   // Python's falsy 0: no overwrite, as Keras
    assertEquals(null, Adam.fromConfig(new Config("Adam", adam)).emaOverwriteFrequency());
    Map<String, Object> restarts = new LinkedHashMap<>(new CosineDecayRestarts(0.1, 5).getConfig());
    restarts.put("t_mul", -2.0);
    assertRefused("`t_mul` must be > 0", () -> CosineDecayRestarts.fromConfig(new Config("CosineDecayRestarts",
        restarts)));
  }

  @Test
  void optionsAreFixedOnceTheOptimizerServesAModel() {
    Random random = new Random(9);
    Adam optimizer = new Adam();
    try (Sequential model = model(optimizer)) {
      model.fit(array(x(random)), array(y(random)), f -> f.epochs(1).batchSize(12).verbose(0));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> optimizer.useEma(true));
      assertTrue(e.getMessage().contains("`use_ema` can no longer be set"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> optimizer.gradientAccumulationSteps(2));
      assertFalse(optimizer.useEma());
    }
  }
}
