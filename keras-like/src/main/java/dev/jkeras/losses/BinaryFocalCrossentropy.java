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
public class BinaryFocalCrossentropy extends FocalCrossentropyLoss<BinaryFocalCrossentropy> {
  private boolean applyClassBalancing;

  public BinaryFocalCrossentropy() {
    this("binary_focal_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public BinaryFocalCrossentropy(String name) {
    super(name);
  }

  /**
   * Keras's {@code apply_class_balancing=} (default false): weigh positives by {@link #alpha(double) alpha},
   * negatives by 1 - alpha.
   */
  public BinaryFocalCrossentropy applyClassBalancing(boolean applyClassBalancing) {
    this.applyClassBalancing = applyClassBalancing;
    return this;
  }

  public static BinaryFocalCrossentropy fromConfig(Config config) {
    return withSavedReduction(config, withSavedOptions(config,
        new BinaryFocalCrossentropy(nameFrom(config, "binary_focal_crossentropy"))
            .applyClassBalancing(config.getBoolean("apply_class_balancing", false))));
  }

  /** Keras's config: name, reduction, from_logits, label_smoothing, axis, apply_class_balancing, alpha, gamma. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("apply_class_balancing", applyClassBalancing);
    putAlphaGamma(config);
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
    KerasTensor focal = Ops.multiply(Ops.power(Ops.subtract(1.0, pT), gamma()), bce);
    if (applyClassBalancing) {
      KerasTensor weight = Ops.add(Ops.multiply(target, alpha()), Ops.multiply(Ops.subtract(1.0, target), 1 - alpha()));
      focal = Ops.multiply(weight, focal);
    }
    return Ops.mean(focal, axis());
  }
}
