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
 * minus infinity with {@code topK}), optional {@code topK} and {@code classId}, and streaming counts
 * of true positives and of the errors the metric divides by.
 */
public abstract class ThresholdMetric extends Metric implements KerasSerializable {
  private Double threshold;
  private int topK;
  private int classId = -1;
  private Variable truePositives;
  private Variable errors;

  protected ThresholdMetric(String name) {
    super(name);
  }

  /** The decision threshold: predictions above it count as positive (Keras's {@code thresholds}). */
  public ThresholdMetric thresholds(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("Metric '" + name() + "' threshold must be in [0, 1], got " + threshold);
    }
    this.threshold = threshold;
    return this;
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

  /** The threshold in use: the one given, else 0.5, or {@link ConfusionMatrix#NEG_INF} with topK. */
  double threshold() {
    return threshold != null ? threshold : topK > 0 ? ConfusionMatrix.NEG_INF : 0.5;
  }

  /** The name of the error count: {@code false_positives} or {@code false_negatives}. */
  abstract String errorName();

  /** Picks the error count from true/false positives/negatives. */
  abstract KerasTensor error(KerasTensor[] counts);

  @Override
  protected void buildState() {
    truePositives = addVariable("true_positives", Shape.scalar());
    errors = addVariable(errorName(), Shape.scalar());
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
        .counts(new double[] {threshold()});
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
    config.put("thresholds", threshold);
    config.put("top_k", topK > 0 ? topK : null);
    config.put("class_id", classId >= 0 ? classId : null);
    return config;
  }

  /** Applies a saved config's thresholds, top_k and class_id. */
  static <T extends ThresholdMetric> T configure(T metric, Config config) {
    Object thresholds = config.get("thresholds");
    if (thresholds instanceof List<?> list) {
      if (list.size() != 1) {
        throw new IllegalArgumentException("Metric '" + metric.name() + "': jkeras supports one threshold, the "
            + "config has " + list);
      }
      thresholds = list.get(0);
    }
    if (thresholds instanceof Number value) {
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

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", thresholds=" + threshold() + ")";
  }
}
