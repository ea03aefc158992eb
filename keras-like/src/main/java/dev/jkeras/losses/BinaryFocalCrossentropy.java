package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Binary cross-entropy scaled by the focal factor {@code (1 - p_t)^gamma} (Lin et al., 2018), which
 * down-weights examples the model already gets right; with {@link #applyClassBalancing(boolean)} also
 * by {@code alpha} for positives and {@code 1 - alpha} for negatives. Averaged over {@code axis}.
 */
public class BinaryFocalCrossentropy extends CrossentropyLoss<BinaryFocalCrossentropy> {
  private boolean applyClassBalancing;
  private double alpha = 0.25;
  private double gamma = 2.0;

  public BinaryFocalCrossentropy() {
    this("binary_focal_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public BinaryFocalCrossentropy(String name) {
    super(name, false);
  }

  /** Keras's {@code apply_class_balancing=} (default false): weigh positives by alpha, negatives by 1 - alpha. */
  public BinaryFocalCrossentropy applyClassBalancing(boolean applyClassBalancing) {
    this.applyClassBalancing = applyClassBalancing;
    return this;
  }

  /** Keras's {@code alpha=} (default 0.25), used with class balancing. */
  public BinaryFocalCrossentropy alpha(double alpha) {
    this.alpha = alpha;
    return this;
  }

  /** Keras's {@code gamma=} (default 2): the focusing exponent; 0 gives plain binary cross-entropy. */
  public BinaryFocalCrossentropy gamma(double gamma) {
    if (!(gamma >= 0)) {
      throw new IllegalArgumentException("BinaryFocalCrossentropy gamma must be >= 0, got " + gamma);
    }
    this.gamma = gamma;
    return this;
  }

  /** Keras's {@code from_logits=} (default false). */
  public BinaryFocalCrossentropy fromLogits(boolean fromLogits) {
    setFromLogits(fromLogits);
    return this;
  }

  public static BinaryFocalCrossentropy fromConfig(Config config) {
    return withSavedReduction(config, new BinaryFocalCrossentropy(nameFrom(config, "binary_focal_crossentropy"))
        .applyClassBalancing(config.getBoolean("apply_class_balancing", false))
        .alpha(config.getDouble("alpha", 0.25)).gamma(config.getDouble("gamma", 2.0))
        .fromLogits(config.getBoolean("from_logits", false))
        .labelSmoothing(config.getDouble("label_smoothing", 0.0)).axis(config.getInt("axis", -1)));
  }

  /** Keras's config: name, reduction, from_logits, label_smoothing, axis, apply_class_balancing, alpha, gamma. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("apply_class_balancing", applyClassBalancing);
    config.put("alpha", alpha);
    config.put("gamma", gamma);
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.SAME_SHAPE;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Crossentropy.smoothBinary(matchTargets(yTrue, yPred), labelSmoothing());
    KerasTensor probabilities = fromLogits() ? Ops.sigmoid(yPred) : yPred;
    KerasTensor bce = Crossentropy.binaryElementwise(target, probabilities, false);
    KerasTensor pT = Ops.add(Ops.multiply(target, probabilities),
        Ops.multiply(Ops.subtract(1.0, target), Ops.subtract(1.0, probabilities)));
    KerasTensor focal = Ops.multiply(Ops.power(Ops.subtract(1.0, pT), gamma), bce);
    if (applyClassBalancing) {
      KerasTensor weight = Ops.add(Ops.multiply(target, alpha), Ops.multiply(Ops.subtract(1.0, target), 1 - alpha));
      focal = Ops.multiply(weight, focal);
    }
    return Ops.mean(focal, axis());
  }
}
