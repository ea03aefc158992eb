package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Exponential decay, as Keras's {@code ExponentialDecay}:
 * {@code initialLearningRate * decayRate ^ (step / decaySteps)}, with the exponent floored when
 * {@code staircase} (the rate drops in steps). With {@code decayRate = 0.1} the rate is divided by 10
 * every {@code decaySteps} steps (the book's exponential scheduling).
 */
public class ExponentialDecay extends RateDecay<ExponentialDecay> {
  public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
    super("ExponentialDecay", initialLearningRate, decaySteps, decayRate, staircase);
  }

  @Override
  protected KerasTensor decay(KerasTensor p, double initialLearningRate, double decayRate) {
    return Ops.multiply(Ops.power(constant(decayRate), p), initialLearningRate);
  }

  public static ExponentialDecay fromConfig(Config config) {
    ExponentialDecay schedule = new ExponentialDecay(config.getDouble("initial_learning_rate", 0),
        config.getDouble("decay_steps", 0), config.getDouble("decay_rate", 0), config.getBoolean("staircase", false));
    schedule.name(config.getString("name", "ExponentialDecay"));
    return schedule;
  }
}
