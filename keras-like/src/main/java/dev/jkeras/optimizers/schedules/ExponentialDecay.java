package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential decay, as Keras's {@code ExponentialDecay}:
 * {@code initialLearningRate * decayRate ^ (step / decaySteps)}, with the exponent floored when
 * {@code staircase} (the rate drops in steps). With {@code decayRate = 0.1} the rate is divided by 10
 * every {@code decaySteps} steps (the book's exponential scheduling).
 */
public class ExponentialDecay extends LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double decayRate;
  private boolean staircase;

  public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
    super("ExponentialDecay");
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = requirePositive("ExponentialDecay", "decay_steps", decaySteps);
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  /** Floors {@code step / decaySteps}, so the rate changes every {@code decaySteps} steps only. */
  public ExponentialDecay staircase(boolean staircase) {
    this.staircase = staircase;
    return this;
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    KerasTensor p = Ops.divide(floatStep(step), decaySteps);
    if (staircase) {
      p = Ops.floor(p);
    }
    return Ops.multiply(Ops.power(constant(decayRate), p), initialLearningRate);
  }

  public static ExponentialDecay fromConfig(Config config) {
    ExponentialDecay schedule = new ExponentialDecay(config.getDouble("initial_learning_rate", 0),
        config.getDouble("decay_steps", 0), config.getDouble("decay_rate", 0), config.getBoolean("staircase", false));
    schedule.name(config.getString("name", "ExponentialDecay"));
    return schedule;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("initial_learning_rate", initialLearningRate);
    config.put("decay_steps", jsonNumber(decaySteps));
    config.put("decay_rate", decayRate);
    config.put("staircase", staircase);
    config.put("name", name());
    return config;
  }
}
