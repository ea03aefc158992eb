package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Inverse time decay, as Keras's {@code InverseTimeDecay}:
 * {@code initialLearningRate / (1 + decayRate * step / decaySteps)}, the quotient floored when
 * {@code staircase}. This is the book's power scheduling with power 1.
 */
public class InverseTimeDecay extends RateDecay<InverseTimeDecay> {
  public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
    super("InverseTimeDecay", initialLearningRate, decaySteps, decayRate, staircase);
  }

  @Override
  protected KerasTensor decay(KerasTensor p, double initialLearningRate, double decayRate) {
    return Ops.divide(constant(initialLearningRate), Ops.add(Ops.multiply(p, decayRate), 1));
  }

  public static InverseTimeDecay fromConfig(Config config) {
    InverseTimeDecay schedule = new InverseTimeDecay(config.getDouble("initial_learning_rate", 0),
        config.getDouble("decay_steps", 0), config.getDouble("decay_rate", 0), config.getBoolean("staircase", false));
    schedule.name(config.getString("name", "InverseTimeDecay"));
    return schedule;
  }
}
