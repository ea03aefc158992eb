package dev.jkeras.optimizers.schedules;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with warm restarts (SGDR), as Keras's {@code CosineDecayRestarts}: the rate decays
 * along a cosine from {@code initialLearningRate} to {@code alpha * initialLearningRate} over
 * {@code firstDecaySteps}, then restarts; each period lasts {@code tMul} times longer than the one
 * before and starts at {@code mMul} times its rate. Keras's defaults: tMul 2, mMul 1, alpha 0, name
 * {@code SGDRDecay}.
 */
public class CosineDecayRestarts extends LearningRateSchedule {
  private final double initialLearningRate;
  private final double firstDecaySteps;
  private double tMul = 2.0;
  private double mMul = 1.0;
  private double alpha;

  public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps) {
    super("SGDRDecay");
    if (!Double.isFinite(initialLearningRate)) {
      throw new IllegalArgumentException("CosineDecayRestarts: `initial_learning_rate` must be a finite number, got "
          + initialLearningRate);
    }
    this.initialLearningRate = initialLearningRate;
    this.firstDecaySteps = requirePositive("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
  }

  /** How much longer each period is than the one before (default 2; must be > 0). */
  public CosineDecayRestarts tMul(double tMul) {
    this.tMul = requirePositive("CosineDecayRestarts", "t_mul", tMul);
    return this;
  }

  /** The factor of each period's starting rate over the previous one's (default 1). */
  public CosineDecayRestarts mMul(double mMul) {
    if (!Double.isFinite(mMul)) {
      throw new IllegalArgumentException("CosineDecayRestarts: `m_mul` must be a finite number, got " + mMul);
    }
    this.mMul = mMul;
    return this;
  }

  /** The floor of the decay, as a fraction of the period's starting rate (default 0). */
  public CosineDecayRestarts alpha(double alpha) {
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException("CosineDecayRestarts: `alpha` must be a finite number, got " + alpha);
    }
    this.alpha = alpha;
    return this;
  }

  @Override
  public KerasTensor apply(KerasTensor step) {
    KerasTensor fraction = Ops.divide(floatStep(step), constant(firstDecaySteps));
    KerasTensor restart;
    KerasTensor within;
    if (tMul == 1.0) {
      restart = Ops.floor(fraction);
      within = Ops.subtract(fraction, restart);
    } else {
      restart = Ops.floor(Ops.divide(Ops.log(Ops.subtract(1, Ops.multiply(fraction, 1 - tMul))),
          Ops.log(constant(tMul))));
      KerasTensor tPower = Ops.power(constant(tMul), restart);
      KerasTensor elapsed = Ops.divide(Ops.subtract(1, tPower), constant(1 - tMul));
      within = Ops.divide(Ops.subtract(fraction, elapsed), tPower);
    }
    KerasTensor cosine = Ops.multiply(Ops.multiply(Ops.power(constant(mMul), restart), 0.5),
        Ops.add(Ops.cos(Ops.multiply(within, Math.PI)), 1));
    KerasTensor decayed = Ops.add(Ops.multiply(cosine, 1 - alpha), alpha);
    return Ops.multiply(decayed, initialLearningRate);
  }

  public static CosineDecayRestarts fromConfig(Config config) {
    CosineDecayRestarts schedule = new CosineDecayRestarts(config.getDouble("initial_learning_rate", 0),
        config.getDouble("first_decay_steps", 0))
        .tMul(config.getDouble("t_mul", 2.0))
        .mMul(config.getDouble("m_mul", 1.0))
        .alpha(config.getDouble("alpha", 0));
    schedule.name(config.getString("name", "SGDRDecay"));
    return schedule;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("initial_learning_rate", initialLearningRate);
    config.put("first_decay_steps", jsonNumber(firstDecaySteps));
    config.put("t_mul", tMul);
    config.put("m_mul", mMul);
    config.put("alpha", alpha);
    config.put("name", name());
    return config;
  }
}
