package dev.jkeras.optimizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, Keras 3's rule: {@code a += g^2; w -= lr * g / sqrt(a + epsilon)}, the accumulator
 * starting at {@code initialAccumulatorValue}. (TensorFlow's kernel adds epsilon outside the square
 * root, so this one is composed of ops.) Keras's defaults: learning rate 0.001, initial accumulator
 * value 0.1, epsilon 1e-7.
 */
public class Adagrad extends FluentOptimizer<Adagrad> {
  private double initialAccumulatorValue;
  private double epsilon;

  public Adagrad() {
    this(0.001);
  }

  public Adagrad(double learningRate) {
    this(learningRate, 0.1, 1e-7);
  }

  /** Adagrad whose rate follows {@code schedule}. */
  public Adagrad(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
    super("Adagrad", learningRate);
    if (initialAccumulatorValue < 0 || epsilon < 0) {
      throw new IllegalArgumentException("Adagrad needs initial_accumulator_value >= 0 and epsilon >= 0; got "
          + "initial_accumulator_value=" + initialAccumulatorValue + ", epsilon=" + epsilon);
    }
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.epsilon = epsilon;
  }

  /** The accumulators' starting value (default 0.1). */
  public Adagrad initialAccumulatorValue(double initialAccumulatorValue) {
    this.initialAccumulatorValue = hyperparameter("initial_accumulator_value", initialAccumulatorValue, initialAccumulatorValue >= 0, "initial_accumulator_value >= 0");
    return this;
  }

  /** The constant added for numerical stability (default 1e-7). */
  public Adagrad epsilon(double epsilon) {
    this.epsilon = hyperparameter("epsilon", epsilon, epsilon >= 0, "epsilon >= 0");
    return this;
  }

  @Override
  protected List<String> slotNames() {
    return List.of("accumulator");
  }

  @Override
  protected double slotInitialValue(String slot) {
    return initialAccumulatorValue;
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    Variable accumulator = slots.get(0);
    KerasTensor accumulated = Ops.add(accumulator.value(), Ops.square(gradient));
    KerasTensor delta = Ops.divide(Ops.multiply(gradient, learningRate), Ops.sqrt(Ops.add(accumulated, epsilon)));
    return group(accumulator.assign(accumulated), variable.assignAdd(Ops.negative(delta)));
  }

  public static Adagrad fromConfig(Config config) {
    return withBaseConfig(new Adagrad(fixedLearningRate(config, 0.001),
        config.getDouble("initial_accumulator_value", 0.1), config.getDouble("epsilon", 1e-7)), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("initial_accumulator_value", initialAccumulatorValue);
    config.put("epsilon", epsilon);
    return config;
  }
}
