package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polynomial decay, as Keras's {@code PolynomialDecay}: from {@code initialLearningRate} to
 * {@code endLearningRate} (default 1e-4) over {@code decaySteps},
 * {@code (initial - end) * (1 - step/decaySteps)^power + end}, then constant; with {@code cycle} the
 * decay restarts, over the first multiple of {@code decaySteps} above the step. Power 1 (default) is
 * linear decay.
 */
public class PolynomialDecay extends LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private double endLearningRate = 0.0001;
  private double power = 1.0;
  private boolean cycle;

  public PolynomialDecay(double initialLearningRate, double decaySteps) {
    super("PolynomialDecay");
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = requirePositive("PolynomialDecay", "decay_steps", decaySteps);
  }

  /** The rate reached after {@code decaySteps} (Keras's default 1e-4). */
  public PolynomialDecay endLearningRate(double endLearningRate) {
    this.endLearningRate = endLearningRate;
    return this;
  }

  /** The polynomial's power (default 1). */
  public PolynomialDecay power(double power) {
    this.power = power;
    return this;
  }

  /** Restarts the decay after {@code decaySteps} instead of staying at the end rate. */
  public PolynomialDecay cycle(boolean cycle) {
    this.cycle = cycle;
    return this;
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    KerasTensor s = floatStep(step);
    KerasTensor steps = constant(decaySteps);
    if (cycle) {
      KerasTensor multiplier = Ops.where(Ops.equal(s, constant(0)), constant(1), Ops.ceil(Ops.divide(s, decaySteps)));
      steps = Ops.multiply(steps, multiplier);
    } else {
      s = Ops.minimum(s, steps);
    }
    KerasTensor p = Ops.divide(s, steps);
    return Ops.add(Ops.multiply(Ops.power(Ops.subtract(1, p), power), initialLearningRate - endLearningRate),
        endLearningRate);
  }

  public static PolynomialDecay fromConfig(Config config) {
    PolynomialDecay schedule = new PolynomialDecay(config.getDouble("initial_learning_rate", 0),
        config.getDouble("decay_steps", 0))
        .endLearningRate(config.getDouble("end_learning_rate", 0.0001))
        .power(config.getDouble("power", 1.0))
        .cycle(config.getBoolean("cycle", false));
    schedule.name(config.getString("name", "PolynomialDecay"));
    return schedule;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("initial_learning_rate", initialLearningRate);
    config.put("decay_steps", jsonNumber(decaySteps));
    config.put("end_learning_rate", endLearningRate);
    config.put("power", power);
    config.put("cycle", cycle);
    config.put("name", name());
    return config;
  }
}
