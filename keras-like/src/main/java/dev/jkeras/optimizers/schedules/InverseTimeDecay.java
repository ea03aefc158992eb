package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inverse time decay, as Keras's {@code InverseTimeDecay}:
 * {@code initialLearningRate / (1 + decayRate * step / decaySteps)}, the quotient floored when
 * {@code staircase}. This is the book's power scheduling with power 1.
 */
public class InverseTimeDecay extends LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double decayRate;
  private boolean staircase;

  public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
    super("InverseTimeDecay");
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = requirePositive("InverseTimeDecay", "decay_steps", decaySteps);
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  /** Floors {@code step / decaySteps}. */
  public InverseTimeDecay staircase(boolean staircase) {
    this.staircase = staircase;
    return this;
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    KerasTensor p = Ops.divide(floatStep(step), decaySteps);
    if (staircase) {
      p = Ops.floor(p);
    }
    return Ops.divide(constant(initialLearningRate), Ops.add(Ops.multiply(p, decayRate), 1));
  }

  public static InverseTimeDecay fromConfig(Config config) {
    InverseTimeDecay schedule = new InverseTimeDecay(config.getDouble("initial_learning_rate", 0),
        config.getDouble("decay_steps", 0), config.getDouble("decay_rate", 0), config.getBoolean("staircase", false));
    schedule.name(config.getString("name", "InverseTimeDecay"));
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
