package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Precision} and {@link Recall} share: a decision threshold (Keras's default 0.5, or
 * minus infinity with {@code topK}) or several, optional {@code topK} and {@code classId}, and
 * streaming counts of true positives and of the errors the metric divides by. With several
 * thresholds the result is a vector, one value per threshold, as Keras's.
 */
public abstract class ThresholdMetric extends Metric implements KerasSerializable {
  /** The most thresholds a metric may count at (each batch compares every prediction with each). */
  static final int MAX_THRESHOLDS = 100_000;

  /** The thresholds as given: a Double, a list of them (Keras's {@code thresholds} config), or null. */
  private Object initThresholds;
  private double[] thresholds;
  private int topK;
  private int classId = -1;
  private Variable truePositives;
  private Variable errors;

  protected ThresholdMetric(String name) {
    super(name);
  }

  /** The decision threshold: predictions above it count as positive (Keras's {@code thresholds}). */
  public ThresholdMetric thresholds(double threshold) {
    this.thresholds = checkThresholds(name(), threshold);
    this.initThresholds = threshold;
    return this;
  }

  /**
   * Several decision thresholds: the result is then a vector with one value per threshold (Keras's
   * {@code thresholds=[...]}).
   */
  public ThresholdMetric thresholds(double... thresholds) {
    this.thresholds = checkThresholds(name(), thresholds);
    this.initThresholds = java.util.Arrays.stream(thresholds).boxed().toList();
    return this;
  }

  /** Fails, as Keras's {@code assert_thresholds_range}, unless every threshold is in [0, 1]; returns a copy. */
  static double[] checkThresholds(String metric, double... thresholds) {
    if (thresholds == null || thresholds.length == 0) {
      throw new IllegalArgumentException("Metric '" + metric + "' needs at least one threshold in [0, 1]");
    }
    if (thresholds.length > MAX_THRESHOLDS) {
      throw new IllegalArgumentException("Metric '" + metric + "' has " + thresholds.length + " thresholds; jkeras "
          + "allows at most " + MAX_THRESHOLDS);
    }
    List<Double> invalid = java.util.Arrays.stream(thresholds).filter(t -> !(t >= 0 && t <= 1)).boxed().toList();
    if (!invalid.isEmpty()) {
      throw new IllegalArgumentException("Metric '" + metric + "': threshold values must be in [0, 1]. Received: "
          + invalid);
    }
    return thresholds.clone();
  }

  /** Counts only each sample's {@code k} largest predictions as positive (Keras's {@code top_k}). */
  public ThresholdMetric topK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("Metric '" + name() + "' topK must be positive, got " + k);
    }
    this.topK = k;
    return this;
  }

  /** Looks only at the class with this index (Keras's {@code class_id}). */
  public ThresholdMetric classId(int classId) {
    if (classId < 0) {
      throw new IllegalArgumentException("Metric '" + name() + "' classId must be >= 0, got " + classId);
    }
    this.classId = classId;
    return this;
  }

  /** The thresholds in use: those given, else 0.5, or {@link ConfusionMatrix#NEG_INF} with topK. */
  double[] threshold() {
    return thresholds != null ? thresholds.clone() : new double[] {topK > 0 ? ConfusionMatrix.NEG_INF : 0.5};
  }

  /** The name of the error count: {@code false_positives} or {@code false_negatives}. */
  abstract String errorName();

  /** Picks the error count from true/false positives/negatives. */
  abstract KerasTensor error(KerasTensor[] counts);

  @Override
  protected void buildState() {
    Shape shape = threshold().length == 1 ? Shape.scalar() : Shape.of(threshold().length);
    truePositives = addVariable("true_positives", shape);
    errors = addVariable(errorName(), shape);
  }

  @Override
  public dev.jkeras.losses.TargetRule targetRule() {
    return dev.jkeras.losses.TargetRule.CONFUSION;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    checkTargets(yTrue, yPred);
    ensureState();
    KerasTensor[] counts = ConfusionMatrix.of(name(), yTrue, yPred, sampleWeight, topK, classId)
        .counts(threshold());
    if (threshold().length > 1) {
      return List.of(truePositives.assignAdd(counts[0]), errors.assignAdd(error(counts)));
    }
    return List.of(truePositives.assignAdd(Ops.sum(counts[0])),
        errors.assignAdd(Ops.sum(error(counts))));
  }

  @Override
  protected KerasTensor compute() {
    return Ops.divideNoNan(truePositives.value(),
        Ops.add(truePositives.value(), errors.value()));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("thresholds", initThresholds);
    config.put("top_k", topK > 0 ? topK : null);
    config.put("class_id", classId >= 0 ? classId : null);
    return config;
  }

  /** Applies a saved config's thresholds, top_k and class_id. */
  static <T extends ThresholdMetric> T configure(T metric, Config config) {
    Object thresholds = config.get("thresholds");
    if (thresholds instanceof List<?> list) {
      metric.thresholds(numbers(metric.name(), "thresholds", list));
    } else if (thresholds instanceof Number value) {
      metric.thresholds(value.doubleValue());
    }
    if (config.get("top_k") instanceof Number k) {
      metric.topK(config.getInt("top_k", k.intValue()));
    }
    if (config.get("class_id") instanceof Number id) {
      metric.classId(config.getInt("class_id", id.intValue()));
    }
    return metric;
  }

  /** A config's list of numbers; fails naming the key when an entry is not a number. */
  static double[] numbers(String metric, String key, List<?> list) {
    double[] values = new double[list.size()];
    for (int i = 0; i < values.length; i++) {
      if (!(list.get(i) instanceof Number n)) {
        throw new IllegalArgumentException("Metric '" + metric + "': " + key + " must be numbers, got " + list);
      }
      values[i] = n.doubleValue();
    }
    return values;
  }

  @Override
  public String toString() {
    String shown = threshold().length == 1 ? String.valueOf(threshold()[0]) : java.util.Arrays.toString(threshold());
    return getClass().getSimpleName() + "(name=" + name() + ", thresholds=" + shown + ")";
  }
}
