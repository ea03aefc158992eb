package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.losses.TargetRule;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link TruePositives}, {@link FalsePositives}, {@link TrueNegatives} and {@link FalseNegatives}
 * share: the weighted count of one outcome at a decision threshold (0.5 by default) or at each of
 * several, streamed over batches. With several thresholds the result is a vector, one count per threshold.
 */
public abstract class ConfusionMatrixConditionCount extends Metric implements KerasSerializable {
  /** The thresholds as given: a Double, a list of them (Keras's {@code thresholds} config), or null. */
  private Object initThresholds;
  private double[] thresholds = {0.5};
  private Variable accumulator;

  protected ConfusionMatrixConditionCount(String name) {
    super(name);
  }

  /** The decision threshold: predictions above it count as positive. */
  public ConfusionMatrixConditionCount thresholds(double threshold) {
    this.thresholds = ThresholdMetric.checkThresholds(name(), threshold);
    this.initThresholds = threshold;
    return this;
  }

  /** Several thresholds: the result is a vector with one count per threshold. */
  public ConfusionMatrixConditionCount thresholds(double... thresholds) {
    this.thresholds = ThresholdMetric.checkThresholds(name(), thresholds);
    this.initThresholds = Arrays.stream(thresholds).boxed().toList();
    return this;
  }

  /** Which of the counts of {@link ConfusionMatrix#counts} (tp, fp, tn, fn) this metric keeps. */
  abstract int outcome();

  @Override
  protected void buildState() {
    accumulator = addVariable("accumulator", Shape.of(thresholds.length));
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
    KerasTensor[] counts = ConfusionMatrix.of(name(), yTrue, yPred, sampleWeight, 0, -1).counts(thresholds);
    return List.of(accumulator.assignAdd(counts[outcome()]));
  }

  @Override
  protected KerasTensor compute() {
    return thresholds.length == 1 ? Ops.sum(accumulator.value()) : accumulator.value();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("thresholds", initThresholds);
    return config;
  }

  /** Applies a saved config's thresholds. */
  static <T extends ConfusionMatrixConditionCount> T configure(T metric, Config config) {
    Object thresholds = config.get("thresholds");
    if (thresholds instanceof List<?> list) {
      metric.thresholds(ThresholdMetric.numbers(metric.name(), "thresholds", list));
    } else if (thresholds instanceof Number value) {
      metric.thresholds(value.doubleValue());
    }
    return metric;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", thresholds=" + Arrays.toString(thresholds) + ")";
  }
}
