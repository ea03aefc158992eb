package dev.jkeras.optimizers;

import dev.jkeras.optimizers.schedules.LearningRateSchedule;
import dev.jkeras.saving.Config;

/**
 * Adam with decoupled weight decay, as Keras's {@code AdamW}: before each Adam step every weight
 * becomes {@code w - w * weightDecay * lr} (Loshchilov and Hutter). Keras's defaults: learning rate
 * 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7. Use
 * {@link #excludeFromWeightDecay(String...)} to leave e.g. biases out.
 */
public class AdamW extends Adam {
  public AdamW() {
    this(0.001);
  }

  public AdamW(double learningRate) {
    this(learningRate, 0.004);
  }

  public AdamW(double learningRate, double weightDecay) {
    this(learningRate, weightDecay, 0.9, 0.999, 1e-7, false);
  }

  /** AdamW whose rate follows {@code schedule} (the decay uses the scheduled rate too). */
  public AdamW(LearningRateSchedule schedule) {
    this();
    learningRate(schedule);
  }

  public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
      boolean amsgrad) {
    super("AdamW", learningRate, beta1, beta2, epsilon, amsgrad);
    weightDecay(weightDecay);
  }

  // The setters return AdamW, so that chained settings keep the type.
  @Override
  public AdamW learningRate(LearningRateSchedule schedule) {
    super.learningRate(schedule);
    return this;
  }

  @Override
  public AdamW learningRate(double learningRate) {
    super.learningRate(learningRate);
    return this;
  }

  @Override
  public AdamW clipnorm(double clipnorm) {
    super.clipnorm(clipnorm);
    return this;
  }

  @Override
  public AdamW clipvalue(double clipvalue) {
    super.clipvalue(clipvalue);
    return this;
  }

  @Override
  public AdamW globalClipnorm(double globalClipnorm) {
    super.globalClipnorm(globalClipnorm);
    return this;
  }

  @Override
  public AdamW weightDecay(double weightDecay) {
    super.weightDecay(weightDecay);
    return this;
  }

  @Override
  public AdamW excludeFromWeightDecay(String... varNames) {
    super.excludeFromWeightDecay(varNames);
    return this;
  }

  @Override
  public AdamW beta1(double beta1) {
    super.beta1(beta1);
    return this;
  }

  @Override
  public AdamW beta2(double beta2) {
    super.beta2(beta2);
    return this;
  }

  @Override
  public AdamW epsilon(double epsilon) {
    super.epsilon(epsilon);
    return this;
  }

  @Override
  public AdamW amsgrad(boolean amsgrad) {
    super.amsgrad(amsgrad);
    return this;
  }

  public static AdamW fromConfig(Config config) {
    return withBaseConfig(new AdamW(fixedLearningRate(config, 0.001), config.getDouble("weight_decay", 0.004),
        config.getDouble("beta_1", 0.9), config.getDouble("beta_2", 0.999), config.getDouble("epsilon", 1e-7),
        config.getBoolean("amsgrad", false)), config);
  }
}
