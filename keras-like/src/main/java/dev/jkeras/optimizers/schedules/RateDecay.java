package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schedule that decays {@code initial_learning_rate} as a function of {@code step / decay_steps} at
 * {@code decay_rate}, the fraction floored when {@code staircase}; Keras's {@code ExponentialDecay} and
 * {@code InverseTimeDecay}, with their shared config.
 *
 * @param <T> the schedule class itself
 */
public abstract class RateDecay<T extends RateDecay<T>> extends LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double decayRate;
  private boolean staircase;

  protected RateDecay(String name, double initialLearningRate, double decaySteps, double decayRate,
      boolean staircase) {
    super(name);
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = requirePositive(name, "decay_steps", decaySteps);
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  /** Floors {@code step / decaySteps}, so the rate changes every {@code decaySteps} steps only. */
  @SuppressWarnings("unchecked")
  public T staircase(boolean staircase) {
    this.staircase = staircase;
    return (T) this;
  }

  /** The rate at {@code p = step / decaySteps} (already floored when staircase). */
  protected abstract KerasTensor decay(KerasTensor p, double initialLearningRate, double decayRate);

  @Override
  public final KerasTensor apply(KerasTensor step) {
    KerasTensor p = Ops.divide(floatStep(step), decaySteps);
    if (staircase) {
      p = Ops.floor(p);
    }
    return decay(p, initialLearningRate, decayRate);
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
