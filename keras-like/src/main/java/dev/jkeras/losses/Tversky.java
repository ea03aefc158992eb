package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The Tversky loss of segmentation masks: {@code 1 - TP / (TP + alpha * FP + beta * FN + 1e-7)}, soft counts
 * summed over {@code axis} (by default every axis). {@code alpha = beta = 0.5} (the defaults) is the Dice loss.
 */
public class Tversky extends Loss {
  private double alpha = 0.5;
  private double beta = 0.5;
  private int[] axis;

  public Tversky() {
    this("tversky");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public Tversky(String name) {
    super(name);
  }

  /** Keras's {@code alpha=} (default 0.5): the weight of false positives. */
  public Tversky alpha(double alpha) {
    this.alpha = alpha;
    return this;
  }

  /** Keras's {@code beta=} (default 0.5): the weight of false negatives. */
  public Tversky beta(double beta) {
    this.beta = beta;
    return this;
  }

  /** Keras's {@code axis=}: the axes summed over; none for all. */
  public Tversky axis(int... axis) {
    this.axis = axis == null || axis.length == 0 ? null : axis.clone();
    return this;
  }

  public static Tversky fromConfig(Config config) {
    return withSavedReduction(config, new Tversky(nameFrom(config, "tversky")).alpha(config.getDouble("alpha", 0.5))
        .beta(config.getDouble("beta", 0.5)).axis(Overlap.read(config)));
  }

  /** Keras's config: name, reduction, alpha, beta, axis. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("alpha", alpha);
    config.put("beta", beta);
    config.put("axis", Overlap.saved(axis));
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    KerasTensor truePositives = Overlap.sum(Ops.multiply(target, yPred), axis);
    KerasTensor falsePositives = Overlap.sum(Ops.multiply(Ops.subtract(1.0, yPred), target), axis);
    KerasTensor falseNegatives = Overlap.sum(Ops.multiply(yPred, Ops.subtract(1.0, target)), axis);
    KerasTensor denominator = Ops.add(Ops.add(Ops.add(truePositives, Ops.multiply(falsePositives, alpha)),
        Ops.multiply(falseNegatives, beta)), EPSILON);
    return Ops.subtract(1.0, Ops.divide(truePositives, denominator));
  }
}
