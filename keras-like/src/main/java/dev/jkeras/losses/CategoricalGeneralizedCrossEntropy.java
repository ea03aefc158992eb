package dev.jkeras.losses;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The generalized cross-entropy of Zhang and Sabuncu (2018), robust to noisy labels: {@code (1 - p^q) / q}
 * where {@code p} is the predicted probability of the integer label; {@code q} in (0, 1) moves it from
 * cross-entropy (near 0) towards mean absolute error (1).
 */
public class CategoricalGeneralizedCrossEntropy extends Loss {
  private final double q;

  public CategoricalGeneralizedCrossEntropy() {
    this(0.5);
  }

  public CategoricalGeneralizedCrossEntropy(double q) {
    this(q, "categorical_generalized_cross_entropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CategoricalGeneralizedCrossEntropy(double q, String name) {
    super(name);
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("q must be in the interval (0, 1), got q=" + q);
    }
    this.q = q;
  }

  public double q() {
    return q;
  }

  public static CategoricalGeneralizedCrossEntropy fromConfig(Config config) {
    return withSavedReduction(config, new CategoricalGeneralizedCrossEntropy(config.getDouble("q", 0.5),
        nameFrom(config, "categorical_generalized_cross_entropy")));
  }

  /** Keras's config: name, reduction, q. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("q", q);
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.SPARSE;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.shape().get(-1) == 1) {
      labels = Ops.squeeze(labels, -1);
    }
    int classes = Math.toIntExact(yPred.shape().get(-1));
    KerasTensor oneHot = Ops.oneHot(Ops.cast(labels, DType.INT32), classes, yPred.dtype());
    KerasTensor p = Ops.sum(Ops.multiply(yPred, oneHot), -1);
    return Ops.divide(Ops.subtract(1.0, Ops.power(p, q)), q);
  }
}
