package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.losses.TargetRule;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link PrecisionAtRecall}, {@link RecallAtPrecision}, {@link SensitivityAtSpecificity} and
 * {@link SpecificityAtSensitivity} share: confusion counts at {@code numThresholds} evenly spaced
 * thresholds over [0, 1] (200 by default; one threshold, 0.5, when 1), optionally of one class
 * ({@code classId}), and the best value of one rate among the thresholds where another reaches the
 * metric's target {@link #value()}.
 */
public abstract class SensitivitySpecificityBase extends Metric implements KerasSerializable {
  private final String valueKey;
  private final double value;
  private int numThresholds = 200;
  private int classId = -1;
  private Variable truePositives;
  private Variable falsePositives;
  private Variable trueNegatives;
  private Variable falseNegatives;

  /** {@code valueKey} is the config key of the target value (e.g. {@code recall}), in [0, 1]. */
  protected SensitivitySpecificityBase(String name, String valueKey, double value) {
    super(name);
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("Metric '" + name + "': " + valueKey + " must be in the range [0, 1], got "
          + value);
    }
    this.valueKey = valueKey;
    this.value = value;
  }

  /** The target value of the constrained rate. */
  public double value() {
    return value;
  }

  /** The number of thresholds (at least 1). */
  public SensitivitySpecificityBase numThresholds(int numThresholds) {
    if (numThresholds <= 0 || numThresholds > ThresholdMetric.MAX_THRESHOLDS) {
      throw new IllegalArgumentException("Metric '" + name() + "': num_thresholds must be an integer > 0 (at most "
          + ThresholdMetric.MAX_THRESHOLDS + "), got " + numThresholds);
    }
    this.numThresholds = numThresholds;
    return this;
  }

  /** Looks only at the class with this index (Keras's {@code class_id}). */
  public SensitivitySpecificityBase classId(int classId) {
    if (classId < 0) {
      throw new IllegalArgumentException("Metric '" + name() + "': classId must be >= 0, got " + classId);
    }
    this.classId = classId;
    return this;
  }

  /** 0, then i / (n - 1) for i in 1..n-2, then 1; or {0.5} for one threshold. */
  double[] thresholds() {
    if (numThresholds == 1) {
      return new double[] {0.5};
    }
    double[] thresholds = new double[numThresholds];
    for (int i = 1; i < numThresholds - 1; i++) {
      thresholds[i] = i * 1.0 / (numThresholds - 1);
    }
    thresholds[numThresholds - 1] = 1.0;
    return thresholds;
  }

  @Override
  protected void buildState() {
    Shape shape = Shape.of(numThresholds);
    truePositives = addVariable("true_positives", shape);
    falsePositives = addVariable("false_positives", shape);
    trueNegatives = addVariable("true_negatives", shape);
    falseNegatives = addVariable("false_negatives", shape);
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.CONFUSION;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    checkTargets(yTrue, yPred);
    ensureState();
    KerasTensor[] counts = ConfusionMatrix.of(name(), yTrue, yPred, sampleWeight, 0, classId).counts(thresholds());
    return List.of(truePositives.assignAdd(counts[0]), falsePositives.assignAdd(counts[1]),
        trueNegatives.assignAdd(counts[2]), falseNegatives.assignAdd(counts[3]));
  }

  /** The rates at each threshold. */
  KerasTensor recalls() {
    return Ops.divideNoNan(truePositives.value(), Ops.add(truePositives.value(), falseNegatives.value()));
  }

  KerasTensor precisions() {
    return Ops.divideNoNan(truePositives.value(), Ops.add(truePositives.value(), falsePositives.value()));
  }

  KerasTensor specificities() {
    return Ops.divideNoNan(trueNegatives.value(), Ops.add(trueNegatives.value(), falsePositives.value()));
  }

  /** The largest {@code dependent} (at least 0) among the thresholds where {@code constrained >= value()}. */
  KerasTensor maxUnderConstraint(KerasTensor constrained, KerasTensor dependent) {
    KerasTensor feasible = Ops.logicalNot(Ops.less(constrained, value));
    return Ops.maximum(Ops.max(Ops.where(feasible, dependent, Ops.multiply(dependent, 0.0))), 0.0);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("class_id", classId >= 0 ? classId : null);
    config.put("num_thresholds", numThresholds);
    config.put(valueKey, value);
    return config;
  }

  /** Applies a saved config's num_thresholds and class_id. */
  static <T extends SensitivitySpecificityBase> T configure(T metric, Config config) {
    metric.numThresholds(config.getInt("num_thresholds", 200));
    if (config.get("class_id") instanceof Number id) {
      metric.classId(config.getInt("class_id", id.intValue()));
    }
    return metric;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", " + valueKey + "=" + value + ", num_thresholds="
        + numThresholds + ")";
  }
}
