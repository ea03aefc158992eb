package dev.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.layers.Layer;
import dev.jkeras.losses.Loss;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.CosineDecay;
import dev.jkeras.optimizers.schedules.CosineDecayRestarts;
import dev.jkeras.optimizers.schedules.ExponentialDecay;
import dev.jkeras.optimizers.schedules.InverseTimeDecay;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.optimizers.schedules.PiecewiseConstantDecay;
import dev.jkeras.optimizers.schedules.PolynomialDecay;
import dev.jkeras.saving.Json;
import dev.jkeras.saving.Serialization;
import dev.jkeras.testing.Conformance;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Optimizers and learning-rate schedules judged by real Keras 3.15.1: one contract per kind, one line
 * per case. An optimizer case applies the same {@link #STEPS} gradients to the same two variables (a
 * 3x2 kernel and a bias) as Keras's {@code optimizer.apply(grads, vars)}, and after every step the
 * variables and the optimizer's variables (iterations, learning rate, slots, in Keras's order) equal
 * Keras's; its config equals Keras's and Keras's {@code from_config} accepts it. A schedule case
 * compares values at chosen steps and the config. All Keras work runs in one Python launch.
 *
 * <p>jkeras applies gradients inside a model's train step, so the variables sit in a probe layer
 * whose output is {@code sum(w * x)} and the loss is that output: with one sample per step, the
 * loss's gradient is the sample, i.e. exactly the gradient Keras is given.
 */
class OptimizerConformanceTest {
  private static final int STEPS = 5;
  private static final Shape KERNEL = Shape.of(3, 2);
  private static final Shape BIAS = Shape.of(2);
  private static final long[] SCHEDULE_STEPS = {0, 1, 3, 5, 9, 10, 11, 20, 25, 99, 100, 101, 1000};

  /**
   * An optimizer case: Keras's class and constructor arguments, and jkeras's equivalent; {@code options}
   * may hold {@code finalize} (Keras ends each step as its fit ends, jkeras fits once per step) and
   * {@code inf_step} (the step whose first gradient element is infinite).
   */
  private record OptimizerCase(String label, String kerasClass, Map<String, Object> kwargs, Supplier<Optimizer> jkeras,
      Map<String, Object> options) {}

  private record ScheduleCase(String label, String kerasClass, Map<String, Object> kwargs,
      Supplier<LearningRateSchedule> jkeras) {}

  private static OptimizerCase opt(String label, String kerasClass, Supplier<Optimizer> jkeras, Object... kwargs) {
    return new OptimizerCase(label, kerasClass, map(kwargs), jkeras, Map.of());
  }

  private static OptimizerCase opt(String label, String kerasClass, Map<String, Object> options,
      Supplier<Optimizer> jkeras, Object... kwargs) {
    return new OptimizerCase(label, kerasClass, map(kwargs), jkeras, options);
  }

  private static final Map<String, Object> FINALIZE = Map.of("finalize", true);

  private static ScheduleCase schedule(String label, String kerasClass, Supplier<LearningRateSchedule> jkeras,
      Object... kwargs) {
    return new ScheduleCase(label, kerasClass, map(kwargs), jkeras);
  }

  private static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static final List<OptimizerCase> OPTIMIZERS = List.of(
      opt("sgd", "SGD", () -> new SGD(0.05), "learning_rate", 0.05),
      opt("sgd_defaults", "SGD", SGD::new),
      opt("sgd_momentum", "SGD", () -> new SGD(0.05, 0.9, false), "learning_rate", 0.05, "momentum", 0.9),
      opt("sgd_nesterov", "SGD", () -> new SGD(0.05, 0.9, true), "learning_rate", 0.05, "momentum", 0.9,
          "nesterov", true),
      opt("sgd_weight_decay", "SGD", () -> new SGD(0.05).weightDecay(0.3), "learning_rate", 0.05,
          "weight_decay", 0.3),
      opt("sgd_clipnorm", "SGD", () -> new SGD(0.05).clipnorm(0.5), "learning_rate", 0.05, "clipnorm", 0.5),
      opt("sgd_clipvalue", "SGD", () -> new SGD(0.05).clipvalue(0.3), "learning_rate", 0.05, "clipvalue", 0.3),
      opt("sgd_global_clipnorm", "SGD", () -> new SGD(0.05).globalClipnorm(0.5), "learning_rate", 0.05,
          "global_clipnorm", 0.5),
      opt("sgd_schedule", "SGD", () -> new SGD(new ExponentialDecay(0.1, 2, 0.5)),
          "learning_rate", Serialization.serialize(new ExponentialDecay(0.1, 2, 0.5))),
      opt("rmsprop", "RMSprop", () -> new RMSprop(0.01), "learning_rate", 0.01),
      opt("rmsprop_defaults", "RMSprop", RMSprop::new),
      opt("rmsprop_momentum", "RMSprop", () -> new RMSprop(0.01, 0.8, 0.5, 1e-7, false), "learning_rate", 0.01,
          "rho", 0.8, "momentum", 0.5),
      opt("rmsprop_centered", "RMSprop", () -> new RMSprop(0.01, 0.9, 0, 1e-7, true), "learning_rate", 0.01,
          "centered", true),
      opt("rmsprop_centered_momentum", "RMSprop", () -> new RMSprop(0.01, 0.9, 0.5, 1e-7, true),
          "learning_rate", 0.01, "momentum", 0.5, "centered", true),
      opt("rmsprop_large_epsilon", "RMSprop", () -> new RMSprop(0.01, 0.9, 0, 0.5, false), "learning_rate", 0.01,
          "epsilon", 0.5),
      opt("adam", "Adam", () -> new Adam(0.01), "learning_rate", 0.01),
      opt("adam_defaults", "Adam", Adam::new),
      opt("adam_large_epsilon", "Adam", () -> new Adam(0.05, 0.8, 0.9, 0.5, false), "learning_rate", 0.05,
          "beta_1", 0.8, "beta_2", 0.9, "epsilon", 0.5),
      opt("adam_amsgrad", "Adam", () -> new Adam(0.05, 0.9, 0.5, 1e-7, true), "learning_rate", 0.05,
          "beta_2", 0.5, "amsgrad", true),
      opt("adam_clipnorm", "Adam", () -> new Adam(0.05).clipnorm(0.5), "learning_rate", 0.05, "clipnorm", 0.5),
      opt("adam_global_clipnorm", "Adam", () -> new Adam(0.05).globalClipnorm(0.5), "learning_rate", 0.05,
          "global_clipnorm", 0.5),
      opt("adam_weight_decay", "Adam", () -> new Adam(0.05).weightDecay(0.1), "learning_rate", 0.05,
          "weight_decay", 0.1),
      opt("adam_schedule", "Adam", () -> new Adam(new CosineDecay(0.05, 4)),
          "learning_rate", Serialization.serialize(new CosineDecay(0.05, 4))),
      opt("adamw", "AdamW", () -> new AdamW(0.05), "learning_rate", 0.05),
      opt("adamw_defaults", "AdamW", AdamW::new),
      opt("adamw_large_decay", "AdamW", () -> new AdamW(0.05, 0.5), "learning_rate", 0.05, "weight_decay", 0.5),
      opt("adamw_amsgrad", "AdamW", () -> new AdamW(0.05, 0.1, 0.8, 0.5, 1e-7, true), "learning_rate", 0.05,
          "weight_decay", 0.1, "beta_1", 0.8, "beta_2", 0.5, "amsgrad", true),
      opt("nadam", "Nadam", () -> new Nadam(0.05), "learning_rate", 0.05),
      opt("nadam_defaults", "Nadam", Nadam::new),
      opt("nadam_betas", "Nadam", () -> new Nadam(0.02, 0.8, 0.9, 0.1), "learning_rate", 0.02, "beta_1", 0.8,
          "beta_2", 0.9, "epsilon", 0.1),
      opt("adagrad", "Adagrad", () -> new Adagrad(0.05), "learning_rate", 0.05),
      opt("adagrad_defaults", "Adagrad", Adagrad::new),
      opt("adagrad_epsilon", "Adagrad", () -> new Adagrad(0.05, 0.0, 0.5), "learning_rate", 0.05,
          "initial_accumulator_value", 0.0, "epsilon", 0.5),
      opt("adamax", "Adamax", () -> new Adamax(0.05), "learning_rate", 0.05),
      opt("adamax_defaults", "Adamax", Adamax::new),
      opt("adamax_large_epsilon", "Adamax", () -> new Adamax(0.05, 0.8, 0.5, 0.5), "learning_rate", 0.05,
          "beta_1", 0.8, "beta_2", 0.5, "epsilon", 0.5),
      opt("adadelta", "Adadelta", () -> new Adadelta(1.0, 0.95, 1e-3), "learning_rate", 1.0, "rho", 0.95,
          "epsilon", 1e-3),
      opt("adadelta_defaults", "Adadelta", Adadelta::new),
      opt("ftrl", "Ftrl", () -> new Ftrl(0.5), "learning_rate", 0.5),
      opt("ftrl_defaults", "Ftrl", Ftrl::new),
      opt("ftrl_regularized", "Ftrl", () -> new Ftrl(0.5).learningRatePower(-0.7).initialAccumulatorValue(0.2)
          .l1RegularizationStrength(0.01).l2RegularizationStrength(0.05).l2ShrinkageRegularizationStrength(0.02)
          .beta(0.3), "learning_rate", 0.5, "learning_rate_power", -0.7, "initial_accumulator_value", 0.2,
          "l1_regularization_strength", 0.01, "l2_regularization_strength", 0.05,
          "l2_shrinkage_regularization_strength", 0.02, "beta", 0.3),
      opt("ftrl_large_l1", "Ftrl", () -> new Ftrl(0.5).l1RegularizationStrength(100), "learning_rate", 0.5,
          "l1_regularization_strength", 100.0),
      opt("ftrl_schedule", "Ftrl", () -> new Ftrl(new InverseTimeDecay(0.5, 2, 1.0)),
          "learning_rate", Serialization.serialize(new InverseTimeDecay(0.5, 2, 1.0))),
      opt("sgd_nesterov_decay_clipnorm", "SGD", () -> new SGD(0.05, 0.8, true).weightDecay(0.2).clipnorm(1.0),
          "learning_rate", 0.05, "momentum", 0.8, "nesterov", true, "weight_decay", 0.2, "clipnorm", 1.0),
      opt("rmsprop_clipvalue_schedule", "RMSprop", () -> new RMSprop(new PolynomialDecay(0.02, 4)).clipvalue(0.5),
          "learning_rate", Serialization.serialize(new PolynomialDecay(0.02, 4)), "clipvalue", 0.5),
      opt("nadam_global_clipnorm", "Nadam", () -> new Nadam(0.05).globalClipnorm(1.0), "learning_rate", 0.05,
          "global_clipnorm", 1.0),
      opt("adagrad_weight_decay", "Adagrad", () -> new Adagrad(0.05).weightDecay(0.1), "learning_rate", 0.05,
          "weight_decay", 0.1),
      opt("adamax_schedule", "Adamax", () -> new Adamax(new PiecewiseConstantDecay(new long[] {1, 3},
          new double[] {0.1, 0.05, 0.01})), "learning_rate", Serialization.serialize(new PiecewiseConstantDecay(
          new long[] {1, 3}, new double[] {0.1, 0.05, 0.01}))),
      opt("adadelta_clipnorm", "Adadelta", () -> new Adadelta(1.0, 0.9, 1e-2).clipnorm(0.5), "learning_rate", 1.0,
          "rho", 0.9, "epsilon", 1e-2, "clipnorm", 0.5),
      // issue 17: Lion, Lamb, Adafactor, LossScaleOptimizer, CosineDecayRestarts, use_ema, gradient accumulation
      opt("lion", "Lion", () -> new Lion(0.01), "learning_rate", 0.01),
      opt("lion_defaults", "Lion", Lion::new),
      opt("lion_betas_decay", "Lion", () -> new Lion(0.01, 0.5, 0.8).weightDecay(0.2), "learning_rate", 0.01,
          "beta_1", 0.5, "beta_2", 0.8, "weight_decay", 0.2),
      opt("lamb", "Lamb", () -> new Lamb(0.05), "learning_rate", 0.05),
      opt("lamb_defaults", "Lamb", Lamb::new),
      opt("lamb_betas_clipnorm", "Lamb", () -> new Lamb(0.05, 0.8, 0.9, 0.1).clipnorm(0.5), "learning_rate", 0.05,
          "beta_1", 0.8, "beta_2", 0.9, "epsilon", 0.1, "clipnorm", 0.5),
      opt("adafactor", "Adafactor", () -> new Adafactor(0.05), "learning_rate", 0.05),
      opt("adafactor_defaults", "Adafactor", Adafactor::new),
      opt("adafactor_options", "Adafactor", () -> new Adafactor(0.5).relativeStep(false).clipThreshold(0.5)
          .beta2Decay(-0.5).epsilon2(0.01), "learning_rate", 0.5, "relative_step", false, "clip_threshold", 0.5,
          "beta_2_decay", -0.5, "epsilon_2", 0.01),
      opt("adafactor_schedule", "Adafactor", () -> new Adafactor(new ExponentialDecay(0.5, 2, 0.5)),
          "learning_rate", Serialization.serialize(new ExponentialDecay(0.5, 2, 0.5))),
      opt("loss_scale_sgd", "LossScaleOptimizer", () -> new LossScaleOptimizer(new SGD(0.05, 0.9, false), 1024, 2),
          "inner_optimizer", Serialization.serialize(new SGD(0.05, 0.9, false)), "initial_scale", 1024.0,
          "dynamic_growth_steps", 2),
      opt("loss_scale_adam_defaults", "LossScaleOptimizer", () -> new LossScaleOptimizer(new Adam(0.05)),
          "inner_optimizer", Serialization.serialize(new Adam(0.05))),
      opt("loss_scale_inf_step", "LossScaleOptimizer", Map.of("inf_step", 2),
          () -> new LossScaleOptimizer(new Adam(0.05), 256, 3),
          "inner_optimizer", Serialization.serialize(new Adam(0.05)), "initial_scale", 256.0, "dynamic_growth_steps", 3),
      opt("loss_scale_inf_step_accumulation", "LossScaleOptimizer", Map.of("inf_step", 1),
          () -> new LossScaleOptimizer(new SGD(0.05, 0.5, false).gradientAccumulationSteps(2), 64, 2),
          "inner_optimizer", Serialization.serialize(new SGD(0.05, 0.5, false).gradientAccumulationSteps(2)),
          "initial_scale", 64.0, "dynamic_growth_steps", 2),
      opt("sgd_cosine_restarts", "SGD", () -> new SGD(new CosineDecayRestarts(0.1, 2).tMul(1.5).mMul(0.8)),
          "learning_rate", Serialization.serialize(new CosineDecayRestarts(0.1, 2).tMul(1.5).mMul(0.8))),
      opt("adam_ema", "Adam", FINALIZE, () -> new Adam(0.05).useEma(true), "learning_rate", 0.05, "use_ema", true),
      opt("sgd_ema_overwrite", "SGD", FINALIZE, () -> new SGD(0.05, 0.9, false).useEma(true).emaMomentum(0.5)
          .emaOverwriteFrequency(2), "learning_rate", 0.05, "momentum", 0.9, "use_ema", true, "ema_momentum", 0.5,
          "ema_overwrite_frequency", 2),
      opt("lion_ema", "Lion", FINALIZE, () -> new Lion(0.01).useEma(true).emaMomentum(0.8), "learning_rate", 0.01,
          "use_ema", true, "ema_momentum", 0.8),
      opt("adam_accumulation", "Adam", () -> new Adam(0.05).gradientAccumulationSteps(2), "learning_rate", 0.05,
          "gradient_accumulation_steps", 2),
      opt("rmsprop_accumulation_clipnorm", "RMSprop", () -> new RMSprop(0.01).gradientAccumulationSteps(3).clipnorm(0.5),
          "learning_rate", 0.01, "gradient_accumulation_steps", 3, "clipnorm", 0.5),
      opt("sgd_accumulation_schedule_decay", "SGD", () -> new SGD(new ExponentialDecay(0.1, 2, 0.5))
          .gradientAccumulationSteps(2).weightDecay(0.1), "learning_rate",
          Serialization.serialize(new ExponentialDecay(0.1, 2, 0.5)), "gradient_accumulation_steps", 2,
          "weight_decay", 0.1),
      opt("nadam_accumulation_ema", "Nadam", FINALIZE, () -> new Nadam(0.05).gradientAccumulationSteps(2).useEma(true)
          .emaOverwriteFrequency(1), "learning_rate", 0.05, "gradient_accumulation_steps", 2, "use_ema", true,
          "ema_overwrite_frequency", 1),
      opt("adafactor_accumulation", "Adafactor", () -> new Adafactor(0.05).gradientAccumulationSteps(2),
          "learning_rate", 0.05, "gradient_accumulation_steps", 2),
      opt("adam_loss_scale_factor", "Adam", () -> new Adam(0.05).lossScaleFactor(128), "learning_rate", 0.05,
          "loss_scale_factor", 128.0));

  private static final List<ScheduleCase> SCHEDULES = List.of(
      schedule("exponential", "ExponentialDecay", () -> new ExponentialDecay(0.01, 20, 0.1),
          "initial_learning_rate", 0.01, "decay_steps", 20, "decay_rate", 0.1),
      schedule("exponential_staircase", "ExponentialDecay", () -> new ExponentialDecay(0.01, 10, 0.5, true),
          "initial_learning_rate", 0.01, "decay_steps", 10, "decay_rate", 0.5, "staircase", true),
      schedule("piecewise", "PiecewiseConstantDecay",
          () -> new PiecewiseConstantDecay(new long[] {10, 100}, new double[] {1.0, 0.5, 0.1}),
          "boundaries", List.of(10, 100), "values", List.of(1.0, 0.5, 0.1)),
      schedule("inverse_time", "InverseTimeDecay", () -> new InverseTimeDecay(0.1, 10, 0.5),
          "initial_learning_rate", 0.1, "decay_steps", 10, "decay_rate", 0.5),
      schedule("inverse_time_staircase", "InverseTimeDecay", () -> new InverseTimeDecay(0.1, 10, 0.5, true),
          "initial_learning_rate", 0.1, "decay_steps", 10, "decay_rate", 0.5, "staircase", true),
      schedule("polynomial", "PolynomialDecay", () -> new PolynomialDecay(0.1, 100),
          "initial_learning_rate", 0.1, "decay_steps", 100),
      schedule("polynomial_power_end", "PolynomialDecay", () -> new PolynomialDecay(0.1, 20).power(2)
          .endLearningRate(0.01), "initial_learning_rate", 0.1, "decay_steps", 20, "end_learning_rate", 0.01,
          "power", 2.0),
      schedule("polynomial_cycle", "PolynomialDecay", () -> new PolynomialDecay(0.1, 20).power(0.5).cycle(true),
          "initial_learning_rate", 0.1, "decay_steps", 20, "power", 0.5, "cycle", true),
      schedule("cosine", "CosineDecay", () -> new CosineDecay(0.1, 100), "initial_learning_rate", 0.1,
          "decay_steps", 100),
      schedule("cosine_alpha", "CosineDecay", () -> new CosineDecay(0.1, 100).alpha(0.2),
          "initial_learning_rate", 0.1, "decay_steps", 100, "alpha", 0.2),
      schedule("cosine_warmup", "CosineDecay", () -> new CosineDecay(0.0, 90).warmupTarget(0.1).warmupSteps(10),
          "initial_learning_rate", 0.0, "decay_steps", 90, "warmup_target", 0.1, "warmup_steps", 10),
      // issue 17: CosineDecayRestarts
      schedule("cosine_restarts", "CosineDecayRestarts", () -> new CosineDecayRestarts(0.1, 10),
          "initial_learning_rate", 0.1, "first_decay_steps", 10),
      schedule("cosine_restarts_constant_period", "CosineDecayRestarts", () -> new CosineDecayRestarts(0.1, 10)
          .tMul(1.0).mMul(0.5).alpha(0.1), "initial_learning_rate", 0.1, "first_decay_steps", 10, "t_mul", 1.0,
          "m_mul", 0.5, "alpha", 0.1),
      schedule("cosine_restarts_geometric", "CosineDecayRestarts", () -> new CosineDecayRestarts(0.05, 3)
          .tMul(1.5).mMul(0.9).alpha(0.2), "initial_learning_rate", 0.05, "first_decay_steps", 3, "t_mul", 1.5,
          "m_mul", 0.9, "alpha", 0.2));

  /** Keras's public optimizers and schedules that jkeras has (the rest are listed in the README). */
  private static final int KERAS_OPTIMIZER_CLASSES = 13;
  private static final int KERAS_SCHEDULE_CLASSES = 6;

  private static Path dir;
  private static Map<String, Object> answers;
  private static List<NdArray<?>> initial;
  private static List<List<NdArray<?>>> gradients;

  @BeforeAll
  static void askKeras() throws IOException {
    KerasOracle.assumeAvailable();
    dir = Files.createTempDirectory("jkeras-optimizer-conformance");
    Random random = new Random(12);
    initial = List.of(randomArray(KERNEL, random, 1), randomArray(BIAS, random, 1));
    gradients = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      // step 2 is large, so every clipping option clips
      double scale = step == 2 ? 4 : 1;
      gradients.add(List.of(randomArray(KERNEL, random, scale), randomArray(BIAS, random, scale)));
    }
    List<String> variableNames = List.of("kernel", "bias");
    List<List<String>> gradientNames = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Npy.write(dir.resolve(variableNames.get(i) + ".npy"), initial.get(i));
    }
    for (int step = 0; step < STEPS; step++) {
      List<String> names = List.of("grad" + step + "_kernel", "grad" + step + "_bias");
      for (int i = 0; i < 2; i++) {
        Npy.write(dir.resolve(names.get(i) + ".npy"), gradients.get(step).get(i));
      }
      gradientNames.add(names);
    }
    List<Map<String, Object>> optimizers = new ArrayList<>();
    for (OptimizerCase c : OPTIMIZERS) {
      optimizers.add(map("label", c.label(), "class_name", c.kerasClass(), "kwargs", c.kwargs(),
          "jconfig", c.jkeras().get().getConfig(), "options", c.options()));
    }
    List<Map<String, Object>> schedules = new ArrayList<>();
    for (ScheduleCase c : SCHEDULES) {
      schedules.add(map("label", c.label(), "class_name", c.kerasClass(), "kwargs", c.kwargs(),
          "jconfig", c.jkeras().get().getConfig(), "steps", java.util.Arrays.stream(SCHEDULE_STEPS).boxed().toList()));
    }
    Files.writeString(dir.resolve("cases.json"), Json.write(map("variables", variableNames,
        "gradients", gradientNames, "optimizers", optimizers, "schedules", schedules)));
    KerasOracle.run("optimizers_ops_oracle.py", dir.toString());
    answers = Json.parse(Files.readString(dir.resolve("answers.json")), "answers.json");
    System.out.println("Optimizer conformance (judged by Keras 3.15.1): " + OPTIMIZERS.stream()
        .map(OptimizerCase::kerasClass).distinct().count() + " of " + KERAS_OPTIMIZER_CLASSES
        + " jkeras optimizer classes covered, " + OPTIMIZERS.size() + " cases; schedules: " + SCHEDULES.stream()
        .map(ScheduleCase::kerasClass).distinct().count() + " of " + KERAS_SCHEDULE_CLASSES
        + " (OneCycle is jkeras-only), " + SCHEDULES.size() + " cases");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static NdArray<?> randomArray(Shape shape, Random random, double scale) {
    FloatNdArray array = NdArrays.ofFloats(shape.toNdArrayShape());
    array.scalars().forEach(s -> s.setFloat((float) (random.nextGaussian() * scale)));
    return array;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> answer(String kind, String label) {
    Map<String, Object> answer = (Map<String, Object>) ((Map<String, Object>) answers.get(kind)).get(label);
    assertNull(answer.get("error"), () -> "Keras failed on " + label + ":\n" + answer.get("error"));
    return answer;
  }

  private static NdArray<?> kerasArray(String name) {
    return Npy.read(dir.resolve("out").resolve(name + ".npy"));
  }

  @TestFactory
  Stream<DynamicTest> optimizers() {
    return OPTIMIZERS.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> checkOptimizer(c)));
  }

  @TestFactory
  Stream<DynamicTest> schedules() {
    return SCHEDULES.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> checkSchedule(c)));
  }

  /** A layer whose output is {@code sum(kernel * x[:3]) + sum(bias * x[3])}, x read as 4x2 per sample. */
  static final class GradientProbe extends Layer {
    private Variable kernel;
    private Variable bias;

    @Override
    protected void build(Shape inputShape) {
      kernel = addWeight("kernel", KERNEL, Initializers.zeros(), true);
      bias = addWeight("bias", BIAS, Initializers.zeros(), true);
    }

    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      KerasTensor weights = Ops.concatenate(new KerasTensor[] {kernel.value(), Ops.expandDims(bias.value(), 0)}, 0);
      KerasTensor products = Ops.multiply(Ops.reshape(inputs, -1, 4, 2), weights);
      return Ops.reshape(Ops.sum(products, new int[] {1, 2}, false), -1, 1);
    }
  }

  private static NdArray<?> sample(List<NdArray<?>> grads) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(1, 8).toNdArrayShape());
    double[] kernel = Conformance.values(grads.get(0));
    double[] bias = Conformance.values(grads.get(1));
    for (int i = 0; i < 6; i++) {
      x.setFloat((float) kernel[i], 0, i);
    }
    x.setFloat((float) bias[0], 0, 6);
    x.setFloat((float) bias[1], 0, 7);
    return x;
  }

  @SuppressWarnings("unchecked")
  private static void checkOptimizer(OptimizerCase c) {
    Map<String, Object> answer = answer("optimizers", c.label());
    Optimizer optimizer = c.jkeras().get();
    Map<String, Object> keras = withDefaultNames((Map<String, Object>) answer.get("config"));
    Conformance.assertConfigEquals(keras, optimizer.getConfig(), c.label() + " config");
    Conformance.assertConfigEquals(keras, withDefaultNames((Map<String, Object>) answer.get("restored_config")),
        c.label() + " config after Keras's from_config");
    Conformance.assertConfigEquals(keras, Optimizers.deserialize(map("module", "keras.optimizers", "class_name",
        c.kerasClass(), "config", answer.get("config"))).getConfig(), c.label() + " Keras's config through jkeras");
    List<?> kerasSlots = (List<?>) answer.get("optimizer_variables");
    Loss output = Loss.of("output", (yTrue, yPred) -> Ops.mean(yPred, -1));
    try (Sequential model = new Sequential(new GradientProbe().inputShape(8))) {
      model.setWeights(initial);
      model.compile(optimizer, output);
      NdArray<?> y = NdArrays.ofFloats(Shape.of(1, 1).toNdArrayShape());
      for (int step = 0; step < STEPS; step++) {
        NdArray<?> x = sample(gradients.get(step));
        if (Integer.valueOf(step).equals(c.options().get("inf_step"))) {
          ((FloatNdArray) x).setFloat(Float.POSITIVE_INFINITY, 0, 0);
        }
        model.fit(x, y, f -> f.epochs(1).batchSize(1).shuffle(false).verbose(0));
        List<NdArray<?>> weights = model.getWeights();
        for (int j = 0; j < 2; j++) {
          Conformance.assertClose(kerasArray(c.label() + "_step" + step + "_var" + j), weights.get(j), 2e-5, 2e-6,
              c.label() + " step " + (step + 1) + " variable " + j);
        }
        List<Variable> slots = optimizer.variables();
        assertEquals(kerasSlots.size(), slots.size(), c.label() + ": optimizer variables, Keras has " + kerasSlots);
        for (int j = 0; j < slots.size(); j++) {
          String name = (String) ((List<Object>) kerasSlots.get(j)).get(0);
          Conformance.assertClose(kerasArray(c.label() + "_step" + step + "_slot" + j), slots.get(j).read(), 2e-5,
              2e-6, c.label() + " step " + (step + 1) + " optimizer variable " + name);
        }
      }
    }
  }

  /**
   * {@code config} with Keras's numbered default names ({@code adam_1}, ...: Keras numbers every optimizer
   * after the first of its class in a process) back to the plain ones, an inner optimizer's too.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withDefaultNames(Map<String, Object> config) {
    Map<String, Object> copy = new LinkedHashMap<>(config);
    copy.put("name", ((String) copy.get("name")).replaceAll("_\\d+$", ""));
    if (copy.get("inner_optimizer") instanceof Map<?, ?> inner) {
      Map<String, Object> serialized = new LinkedHashMap<>((Map<String, Object>) inner);
      serialized.put("config", withDefaultNames((Map<String, Object>) serialized.get("config")));
      copy.put("inner_optimizer", serialized);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static void checkSchedule(ScheduleCase c) {
    Map<String, Object> answer = answer("schedules", c.label());
    LearningRateSchedule schedule = c.jkeras().get();
    Conformance.assertConfigEquals((Map<String, Object>) answer.get("config"), schedule.getConfig(),
        c.label() + " config");
    Conformance.assertConfigEquals((Map<String, Object>) answer.get("config"),
        (Map<String, Object>) answer.get("restored_config"), c.label() + " config after Keras's from_config");
    double[] keras = ((List<Number>) answer.get("values")).stream().mapToDouble(Number::doubleValue).toArray();
    double[] restored = ((List<Number>) answer.get("restored_values")).stream().mapToDouble(Number::doubleValue)
        .toArray();
    double[] jkeras = java.util.Arrays.stream(SCHEDULE_STEPS).mapToDouble(schedule::valueAt).toArray();
    Conformance.assertClose(keras, jkeras, 2e-6, 1e-9, c.label() + " values at " + java.util.Arrays.toString(
        SCHEDULE_STEPS));
    Conformance.assertClose(keras, restored, 0, 0, c.label() + " values after Keras's from_config");
  }
}
