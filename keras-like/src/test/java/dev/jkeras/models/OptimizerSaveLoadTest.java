package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.optimizers.Adadelta;
import dev.jkeras.optimizers.Adafactor;
import dev.jkeras.optimizers.Adagrad;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.Adamax;
import dev.jkeras.optimizers.AdamW;
import dev.jkeras.optimizers.Ftrl;
import dev.jkeras.optimizers.Lamb;
import dev.jkeras.optimizers.Lion;
import dev.jkeras.optimizers.LossScaleOptimizer;
import dev.jkeras.optimizers.Nadam;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.optimizers.schedules.CosineDecay;
import dev.jkeras.optimizers.schedules.CosineDecayRestarts;
import dev.jkeras.optimizers.schedules.ExponentialDecay;
import dev.jkeras.optimizers.schedules.OneCycle;
import dev.jkeras.optimizers.schedules.PiecewiseConstantDecay;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each optimizer added after SGD/RMSprop/Adam, and optimizers with schedules, clipping and weight
 * decay, save and load with their state: the loaded model continues training bit-identically.
 */
class OptimizerSaveLoadTest {
  @TempDir
  Path dir;

  private static final TestData.Blobs DATA = TestData.blobs(96, 6, 3, 7);
  /** Two Dense layers: 4 weights. */
  private static final int WEIGHTS = 4;

  private static Sequential model() {
    return new Sequential(new InputLayer(6), new Dense(8, "relu"), new Dense(3, "softmax"));
  }

  /**
   * Trains, saves, loads, trains both further; {@code variables} is the optimizer's variable count in
   * Keras's order (iterations, learning rate unless scheduled, slots, other state).
   */
  private void roundTrip(Supplier<Optimizer> optimizer, int variables) {
    try (Model model = model()) {
      model.compile(optimizer.get(), "sparse_categorical_crossentropy", "accuracy");
      model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0));
      assertEquals(variables, model.optimizer().variables().size(), model.optimizer() + " variables");
      Path file = dir.resolve(model.optimizer().name() + ".keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        Optimizer original = model.optimizer();
        Optimizer restored = loaded.optimizer();
        assertInstanceOf(original.getClass(), restored);
        assertEquals(original.getConfig(), restored.getConfig());
        assertEquals(original.iterations(), restored.iterations());
        assertEquals(original.learningRate(), restored.learningRate());
        model.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0));
        loaded.fit(DATA.x(), DATA.y(), f -> f.epochs(2).batchSize(16).shuffle(false).verbose(0));
        SaveLoadTest.assertWeightsBitIdentical(model, loaded);
      }
    }
  }

  @Test
  void adamW() {
    roundTrip(() -> new AdamW(0.01), 2 + 2 * WEIGHTS);
  }

  @Test
  void nadam() {
    roundTrip(() -> new Nadam(0.01), 2 + 2 * WEIGHTS + 1);
  }

  @Test
  void adagrad() {
    roundTrip(() -> new Adagrad(0.05), 2 + WEIGHTS);
  }

  @Test
  void adamax() {
    roundTrip(() -> new Adamax(0.01), 2 + 2 * WEIGHTS);
  }

  @Test
  void adadelta() {
    roundTrip(() -> new Adadelta(1.0), 2 + 2 * WEIGHTS);
  }

  @Test
  void ftrl() {
    roundTrip(() -> new Ftrl(0.05).l1RegularizationStrength(0.001).beta(0.1), 2 + 2 * WEIGHTS);
  }

  @Test
  void scheduledSgdHasNoLearningRateVariable() {
    roundTrip(() -> new SGD(new ExponentialDecay(0.1, 5, 0.5)), 1);
  }

  @Test
  void scheduledAdamWithClipping() {
    roundTrip(() -> new Adam(new CosineDecay(0.0, 20).warmupTarget(0.02).warmupSteps(5)).clipnorm(1.0),
        1 + 2 * WEIGHTS);
  }

  @Test
  void oneCycleRmspropWithGlobalClipping() {
    roundTrip(() -> new RMSprop(new OneCycle(24, 0.05)).globalClipnorm(2.0), 1 + WEIGHTS);
  }

  @Test
  void piecewiseNadamWithClipvalue() {
    roundTrip(() -> new Nadam(new PiecewiseConstantDecay(new long[] {6}, new double[] {0.02, 0.005}))
        .clipvalue(0.5), 1 + 2 * WEIGHTS + 1);
  }

  // issue 17: Lion, Lamb, Adafactor, LossScaleOptimizer, CosineDecayRestarts, use_ema, gradient accumulation

  @Test
  void lion() {
    roundTrip(() -> new Lion(0.001).weightDecay(0.01), 2 + WEIGHTS);
  }

  @Test
  void lamb() {
    roundTrip(() -> new Lamb(0.01), 2 + 2 * WEIGHTS);
  }

  @Test
  void adafactorFactorsKernelsNotBiases() {
    roundTrip(() -> new Adafactor(0.01), 2 + 3 * WEIGHTS);
  }

  @Test
  void lossScaleOptimizerAroundAdamWithEmaAndAccumulation() {
    // its iterations, learning rate, step_counter, dynamic_scale; Adam's with averages and accumulators
    roundTrip(() -> new LossScaleOptimizer(new Adam(0.01).useEma(true).emaOverwriteFrequency(4)
        .gradientAccumulationSteps(3), 1024, 5), 4 + 2 + 4 * WEIGHTS);
  }

  @Test
  void cosineRestartsRmspropWithEma() {
    roundTrip(() -> new RMSprop(new CosineDecayRestarts(0.02, 4).tMul(1.5)).useEma(true), 1 + 2 * WEIGHTS);
  }

  @Test
  void scheduleIsSavedInTheOptimizerConfig() {
    try (Model model = model()) {
      model.compile(new SGD(new ExponentialDecay(0.1, 5, 0.5, true)).clipnorm(1.0), "mse");
      @SuppressWarnings("unchecked")
      Map<String, Object> compile = (Map<String, Object>) model.serialize().get("compile_config");
      @SuppressWarnings("unchecked")
      Map<String, Object> optimizer = (Map<String, Object>) compile.get("optimizer");
      assertEquals("SGD", optimizer.get("class_name"));
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) optimizer.get("config");
      assertEquals(1.0, config.get("clipnorm"));
      assertEquals(Map.of("module", "keras.optimizers.schedules", "class_name", "ExponentialDecay",
          "config", Map.of("initial_learning_rate", 0.1, "decay_steps", 5L, "decay_rate", 0.5, "staircase", true,
              "name", "ExponentialDecay")),
          withoutNull((Map<String, Object>) config.get("learning_rate")));
      assertTrue(model.toJson().contains("\"keras.optimizers.schedules\""), model.toJson());
    }
  }

  private static Map<String, Object> withoutNull(Map<String, Object> map) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(map);
    copy.values().removeIf(v -> v == null);
    return copy;
  }

  @Test
  void stringNamesCompile() {
    for (String name : List.of("adamw", "nadam", "adagrad", "adamax", "adadelta", "ftrl", "lion", "lamb", "adafactor")) {
      try (Model model = model()) {
        model.compile(name, "sparse_categorical_crossentropy");
        model.fit(DATA.x(), DATA.y(), f -> f.epochs(1).batchSize(32).verbose(0));
        assertEquals(3, model.optimizer().iterations(), name);
      }
    }
  }
}
