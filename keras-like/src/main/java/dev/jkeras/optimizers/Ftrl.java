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
 * FTRL-proximal (McMahan et al.), Keras 3's rule with L1, L2 and L2-shrinkage regularization and
 * {@code beta}, run by TensorFlow's fused {@code ApplyFtrlV2} kernel (with {@code l2 + beta / (2 lr)}
 * as its L2 strength, as Keras). Keras's defaults: learning rate 0.001, learning-rate power -0.5,
 * initial accumulator value 0.1, all regularization strengths and beta 0.
 */
public class Ftrl extends FluentOptimizer<Ftrl> {
  private double learningRatePower = -0.5;
  private double initialAccumulatorValue = 0.1;
  private double l1RegularizationStrength;
  private double l2RegularizationStrength;
  private double l2ShrinkageRegularizationStrength;
  private double beta;

  public Ftrl() {
    this(0.001);
  }

  public Ftrl(double learningRate) {
    super("Ftrl", learningRate);
  }

  /** Ftrl whose rate follows {@code schedule}. */
  public Ftrl(LearningRateSchedule schedule) {
    super("Ftrl", schedule);
  }

  /** The power the accumulator's rate factor is raised to; <= 0 (default -0.5). */
  public Ftrl learningRatePower(double learningRatePower) {
    check("learning_rate_power", -learningRatePower);
    this.learningRatePower = learningRatePower;
    return this;
  }

  /** The accumulators' starting value; >= 0 (default 0.1). */
  public Ftrl initialAccumulatorValue(double initialAccumulatorValue) {
    this.initialAccumulatorValue = check("initial_accumulator_value", initialAccumulatorValue);
    return this;
  }

  /** L1 regularization strength; >= 0 (default 0). */
  public Ftrl l1RegularizationStrength(double strength) {
    this.l1RegularizationStrength = check("l1_regularization_strength", strength);
    return this;
  }

  /** L2 regularization strength; >= 0 (default 0). */
  public Ftrl l2RegularizationStrength(double strength) {
    this.l2RegularizationStrength = check("l2_regularization_strength", strength);
    return this;
  }

  /** L2 shrinkage regularization strength (a magnitude penalty on the gradient); >= 0 (default 0). */
  public Ftrl l2ShrinkageRegularizationStrength(double strength) {
    this.l2ShrinkageRegularizationStrength = check("l2_shrinkage_regularization_strength", strength);
    return this;
  }

  /** Keras's {@code beta} (default 0). */
  public Ftrl beta(double beta) {
    this.beta = beta;
    return this;
  }

  private double check(String key, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("Ftrl: `" + key + "` needs to be "
          + (key.equals("learning_rate_power") ? "negative or zero. Received: " + key + "=" + (-value)
              : "positive or zero. Received: " + key + "=" + value));
    }
    return value;
  }

  @Override
  protected List<String> slotNames() {
    return List.of("accumulator", "linear");
  }

  @Override
  protected double slotInitialValue(String slot) {
    return slot.equals("accumulator") ? initialAccumulatorValue : 0;
  }

  @Override
  protected Update update(OptimizerKernels kernels, Variable variable, List<Variable> slots,
      KerasTensor gradient, KerasTensor learningRate, KerasTensor step) {
    KerasTensor l2 = Ops.add(Ops.divide(constant(beta), Ops.multiply(learningRate, 2)), l2RegularizationStrength);
    return kernels.ftrl(variable, slots.get(0), slots.get(1), gradient, learningRate,
        constant(l1RegularizationStrength), l2, constant(l2ShrinkageRegularizationStrength),
        constant(learningRatePower));
  }

  public static Ftrl fromConfig(Config config) {
    return withBaseConfig(new Ftrl(fixedLearningRate(config, 0.001))
        .learningRatePower(config.getDouble("learning_rate_power", -0.5))
        .initialAccumulatorValue(config.getDouble("initial_accumulator_value", 0.1))
        .l1RegularizationStrength(config.getDouble("l1_regularization_strength", 0))
        .l2RegularizationStrength(config.getDouble("l2_regularization_strength", 0))
        .l2ShrinkageRegularizationStrength(config.getDouble("l2_shrinkage_regularization_strength", 0))
        .beta(config.getDouble("beta", 0)), config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("learning_rate_power", learningRatePower);
    config.put("initial_accumulator_value", initialAccumulatorValue);
    config.put("l1_regularization_strength", l1RegularizationStrength);
    config.put("l2_regularization_strength", l2RegularizationStrength);
    config.put("l2_shrinkage_regularization_strength", l2ShrinkageRegularizationStrength);
    config.put("beta", beta);
    return config;
  }
}
