package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with optional linear warmup, as Keras's {@code CosineDecay}. Without a warmup target:
 * {@code initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)}.
 * With {@link #warmupTarget(double)}: the rate rises linearly from {@code initialLearningRate} to the
 * target over {@code warmupSteps}, then decays from the target as above over {@code decaySteps}.
 */
public class CosineDecay extends LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private double alpha;
  private Double warmupTarget;
  private double warmupSteps;

  public CosineDecay(double initialLearningRate, double decaySteps) {
    super("CosineDecay");
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = requirePositive("CosineDecay", "decay_steps", decaySteps);
  }

  /** The floor of the decay, as a fraction of the rate it decays from (default 0). */
  public CosineDecay alpha(double alpha) {
    this.alpha = alpha;
    return this;
  }

  /** The rate the warmup reaches; without one there is no warmup (Keras's {@code None}). */
  public CosineDecay warmupTarget(double warmupTarget) {
    this.warmupTarget = warmupTarget;
    return this;
  }

  /** The number of warmup steps (default 0). */
  public CosineDecay warmupSteps(double warmupSteps) {
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("CosineDecay: warmup_steps must be >= 0, got " + warmupSteps);
    }
    this.warmupSteps = warmupSteps;
    return this;
  }

  private KerasTensor decay(KerasTensor step, double from) {
    KerasTensor fraction = Ops.divide(step, decaySteps);
    KerasTensor cosine = Ops.multiply(Ops.add(Ops.cos(Ops.multiply(fraction, Math.PI)), 1), 0.5);
    return Ops.multiply(Ops.add(Ops.multiply(cosine, 1 - alpha), alpha), from);
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    KerasTensor s = floatStep(step);
    if (warmupTarget == null) {
      return decay(Ops.minimum(s, decaySteps), initialLearningRate);
    }
    s = Ops.minimum(s, decaySteps + warmupSteps);
    KerasTensor warmup = Ops.add(Ops.multiply(Ops.divide(s, warmupSteps), warmupTarget - initialLearningRate),
        initialLearningRate);
    KerasTensor decayed = decay(Ops.subtract(s, warmupSteps), warmupTarget);
    return Ops.where(Ops.less(s, warmupSteps), warmup, decayed);
  }

  public static CosineDecay fromConfig(Config config) {
    CosineDecay schedule = new CosineDecay(config.getDouble("initial_learning_rate", 0),
        config.getDouble("decay_steps", 0))
        .alpha(config.getDouble("alpha", 0))
        .warmupSteps(config.getDouble("warmup_steps", 0));
    if (config.has("warmup_target")) {
      schedule.warmupTarget(config.getDouble("warmup_target", 0));
    }
    schedule.name(config.getString("name", "CosineDecay"));
    return schedule;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("initial_learning_rate", initialLearningRate);
    config.put("decay_steps", jsonNumber(decaySteps));
    config.put("alpha", alpha);
    config.put("name", name());
    config.put("warmup_target", warmupTarget);
    config.put("warmup_steps", jsonNumber(warmupSteps));
    return config;
  }
}
