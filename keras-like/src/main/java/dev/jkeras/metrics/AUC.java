package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's {@code AUC}: the area under the ROC or precision-recall curve, approximated from streaming
 * confusion counts at {@code numThresholds} evenly spaced thresholds (200 by default) and summed as
 * Keras does ({@code interpolation}: trapezoids for ROC, Davis and Goadrich's interpolation for PR).
 * With {@code multiLabel(true)} the area is computed per label (predictions of shape
 * {@code (batch, labels)}) and averaged, weighted by {@code labelWeights} when given; without it,
 * {@code labelWeights} weigh each label's decisions in the pooled counts.
 */
public class AUC extends Metric implements KerasSerializable {
  /** Keras's backend epsilon, which moves the end thresholds just outside [0, 1]. */
  private static final double EPSILON = 1e-7;

  /** The curve whose area is computed. */
  public enum Curve { ROC, PR }

  /** How the area between two thresholds is summed. */
  public enum SummationMethod { INTERPOLATION, MINORING, MAJORING }

  private int numThresholds = 200;
  /** Keras's {@code thresholds}: the inner thresholds given, sorted; null for evenly spaced ones. */
  private double[] explicitThresholds;
  private Curve curve = Curve.ROC;
  private SummationMethod summationMethod = SummationMethod.INTERPOLATION;
  private boolean fromLogits;
  private boolean multiLabel;
  private Integer numLabels;
  private double[] labelWeights;
  private long labels = -1;
  private Variable truePositives;
  private Variable falsePositives;
  private Variable trueNegatives;
  private Variable falseNegatives;

  public AUC() {
    this("auc");
  }

  public AUC(String name) {
    super(name);
  }

  /** The number of thresholds (at least 2), evenly spaced over [0, 1]. */
  public AUC numThresholds(int numThresholds) {
    if (numThresholds <= 1 || numThresholds > ThresholdMetric.MAX_THRESHOLDS) {
      throw new IllegalArgumentException("Metric '" + name() + "': numThresholds must be an integer > 1 (at most "
          + ThresholdMetric.MAX_THRESHOLDS + "), got " + numThresholds);
    }
    this.numThresholds = numThresholds;
    this.explicitThresholds = null;
    return this;
  }

  /**
   * Thresholds of one's choosing (in [0, 1], sorted here) instead of evenly spaced ones; jkeras adds the
   * end thresholds just outside [0, 1], so {@code numThresholds} becomes their number plus 2, as Keras.
   */
  public AUC thresholds(double... thresholds) {
    double[] sorted = ThresholdMetric.checkThresholds(name(), thresholds);
    if (sorted.length + 2 > ThresholdMetric.MAX_THRESHOLDS) {
      throw new IllegalArgumentException("Metric '" + name() + "' has " + sorted.length + " thresholds; jkeras "
          + "allows at most " + (ThresholdMetric.MAX_THRESHOLDS - 2));
    }
    java.util.Arrays.sort(sorted);
    this.explicitThresholds = sorted;
    this.numThresholds = sorted.length + 2;
    return this;
  }

  /** {@code "ROC"} (the default) or {@code "PR"}. */
  public AUC curve(String curve) {
    try {
      this.curve = Curve.valueOf(curve.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Metric '" + name() + "': invalid curve '" + curve
          + "'; valid values are ROC and PR", e);
    }
    return this;
  }

  /** {@code "interpolation"} (the default), {@code "minoring"} or {@code "majoring"}. */
  public AUC summationMethod(String method) {
    try {
      this.summationMethod = SummationMethod.valueOf(method.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("Metric '" + name() + "': invalid summation method '" + method
          + "'; valid values are interpolation, minoring and majoring", e);
    }
    return this;
  }

  /** Whether predictions are logits, passed through a sigmoid first. */
  public AUC fromLogits(boolean fromLogits) {
    this.fromLogits = fromLogits;
    return this;
  }

  /** Whether each label (the last axis) gets its own curve, their areas averaged (Keras's {@code multi_label}). */
  public AUC multiLabel(boolean multiLabel) {
    this.multiLabel = multiLabel;
    return this;
  }

  /** The number of labels of a multi-label AUC, fixed up front (else learnt from the first batch). */
  public AUC numLabels(int numLabels) {
    if (numLabels <= 0) {
      throw new IllegalArgumentException("Metric '" + name() + "': num_labels must be positive, got " + numLabels);
    }
    this.numLabels = numLabels;
    return this;
  }

  /** Non-negative weights, one per label (Keras's {@code label_weights}). */
  public AUC labelWeights(double... labelWeights) {
    for (double w : labelWeights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("Metric '" + name() + "': label_weights must be finite and >= 0, got "
            + java.util.Arrays.toString(labelWeights));
      }
    }
    this.labelWeights = labelWeights.clone();
    return this;
  }

  /**
   * The thresholds: 0 - epsilon, then i / (n - 1) for i in 1..n-2 (or the ones given to
   * {@link #thresholds(double...)}), then 1 + epsilon.
   */
  public double[] thresholds() {
    double[] thresholds = new double[numThresholds];
    thresholds[0] = 0.0 - EPSILON;
    for (int i = 1; i < numThresholds - 1; i++) {
      thresholds[i] = explicitThresholds != null ? explicitThresholds[i - 1] : i * 1.0 / (numThresholds - 1);
    }
    thresholds[numThresholds - 1] = 1.0 + EPSILON;
    return thresholds;
  }

  @Override
  protected void buildState() {
    if (multiLabel && labels < 0 && numLabels != null) {
      labels = numLabels;
    }
    if (multiLabel && labels < 0) {
      throw new IllegalStateException("Metric '" + name() + "' with multi_label learns its number of labels from its "
          + "first update (or numLabels); update it before reading or resetting it");
    }
    Shape shape = multiLabel ? Shape.of(numThresholds, labels) : Shape.of(numThresholds);
    truePositives = addVariable("true_positives", shape);
    falsePositives = addVariable("false_positives", shape);
    trueNegatives = addVariable("true_negatives", shape);
    falseNegatives = addVariable("false_negatives", shape);
  }

  @Override
  public dev.jkeras.losses.TargetRule targetRule() {
    return dev.jkeras.losses.TargetRule.BUCKETS;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    checkTargets(yTrue, yPred);
    if (numLabels != null && !multiLabel) {
      throw new IllegalArgumentException("Metric '" + name() + "': num_labels is needed only when multi_label is true");
    }
    if (multiLabel) {
      long last = yPred.rank() == 2 ? yPred.shape().get(-1) : Shape.UNKNOWN;
      if (yPred.rank() != 2 || last == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Metric '" + name() + "': y_pred must have rank 2 with a known number "
            + "of labels when multi_label is true, got shape " + yPred.shape());
      }
      long expected = numLabels != null ? numLabels : labels;
      if (expected >= 0 && expected != last) {
        throw new IllegalArgumentException("Metric '" + name() + "' was built for " + expected + " labels, got "
            + "predictions of shape " + yPred.shape());
      }
      if (labelWeights != null && labelWeights.length != last) {
        throw new IllegalArgumentException("Metric '" + name() + "' has " + labelWeights.length + " label_weights "
            + "but the predictions have " + last + " labels (shape " + yPred.shape() + ")");
      }
      labels = last;
    }
    ensureState();
    KerasTensor predictions = fromLogits ? Ops.sigmoid(yPred) : yPred;
    ConfusionMatrix matrix = multiLabel ? ConfusionMatrix.perLabel(name(), yTrue, predictions, sampleWeight)
        : ConfusionMatrix.of(name(), yTrue, predictions, sampleWeight, labelWeights);
    KerasTensor[] counts = matrix.counts(thresholds());
    return List.of(truePositives.assignAdd(counts[0]), falsePositives.assignAdd(counts[1]),
        trueNegatives.assignAdd(counts[2]), falseNegatives.assignAdd(counts[3]));
  }

  @Override
  protected KerasTensor compute() {
    KerasTensor tp = truePositives.value();
    KerasTensor fp = falsePositives.value();
    if (curve == Curve.PR && summationMethod == SummationMethod.INTERPOLATION) {
      return byLabel(interpolatePrAuc(tp, fp, falseNegatives.value()));
    }
    KerasTensor recall = Ops.divideNoNan(tp, Ops.add(tp, falseNegatives.value()));
    KerasTensor x;
    KerasTensor y;
    if (curve == Curve.ROC) {
      x = Ops.divideNoNan(fp, Ops.add(fp, trueNegatives.value()));
      y = recall;
    } else {
      x = recall;
      y = Ops.divideNoNan(tp, Ops.add(tp, fp));
    }
    KerasTensor heights = switch (summationMethod) {
      case INTERPOLATION -> Ops.divide(Ops.add(head(y), tail(y)), 2.0);
      case MINORING -> Ops.minimum(head(y), tail(y));
      case MAJORING -> Ops.maximum(head(y), tail(y));
    };
    return byLabel(Ops.multiply(Ops.subtract(head(x), tail(x)), heights));
  }

  /** The area from its terms per threshold: summed, and with multi_label averaged over labels (weighted). */
  private KerasTensor byLabel(KerasTensor terms) {
    if (!multiLabel) {
      return Ops.sum(terms);
    }
    KerasTensor perLabel = Ops.sum(terms, 0);
    if (labelWeights == null) {
      return Ops.mean(perLabel);
    }
    float[] weights = new float[labelWeights.length];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) labelWeights[i];
    }
    KerasTensor w = Ops.convertToTensor(NdArrays.vectorOf(weights));
    return Ops.divideNoNan(Ops.sum(Ops.multiply(perLabel, w)), Ops.sum(w));
  }

  /** Keras's {@code interpolate_pr_auc}: precision varies as TP / (TP + FP) with both linear between thresholds. */
  private KerasTensor interpolatePrAuc(KerasTensor tp, KerasTensor fp, KerasTensor fn) {
    KerasTensor dtp = Ops.subtract(head(tp), tail(tp));
    KerasTensor p = Ops.add(tp, fp);
    KerasTensor dp = Ops.subtract(head(p), tail(p));
    KerasTensor slope = Ops.divideNoNan(dtp, Ops.maximum(dp, 0));
    KerasTensor intercept = Ops.subtract(tail(tp), Ops.multiply(slope, tail(p)));
    KerasTensor bothPositive = Ops.logicalAnd(Ops.greater(head(p), 0), Ops.greater(tail(p), 0));
    KerasTensor ones = Ops.add(Ops.zeros(Ops.shape(tail(p)), DType.FLOAT32), 1.0);
    KerasTensor ratio = Ops.where(bothPositive, Ops.divideNoNan(head(p), Ops.maximum(tail(p), 0)), ones);
    KerasTensor increment = Ops.divideNoNan(
        Ops.multiply(slope, Ops.add(dtp, Ops.multiply(intercept, Ops.log(ratio)))),
        Ops.maximum(Ops.add(tail(tp), tail(fn)), 0));
    return increment;
  }

  /** {@code v[:n-1]}. */
  private KerasTensor head(KerasTensor v) {
    return Ops.take(v, indices(0, numThresholds - 1), 0);
  }

  /** {@code v[1:]}. */
  private KerasTensor tail(KerasTensor v) {
    return Ops.take(v, indices(1, numThresholds), 0);
  }

  private static KerasTensor indices(int from, int to) {
    int[] values = new int[to - from];
    for (int i = 0; i < values.length; i++) {
      values[i] = from + i;
    }
    return Ops.convertToTensor(NdArrays.vectorOf(values));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("num_thresholds", numThresholds);
    config.put("curve", curve.name());
    config.put("summation_method", summationMethod.name().toLowerCase(Locale.ROOT));
    config.put("multi_label", multiLabel);
    config.put("num_labels", numLabels);
    config.put("label_weights", labelWeights == null ? null
        : java.util.Arrays.stream(labelWeights).boxed().toList());
    config.put("from_logits", fromLogits);
    if (explicitThresholds != null) {
      config.put("thresholds", java.util.Arrays.stream(explicitThresholds).boxed().toList());
    }
    return config;
  }

  public static AUC fromConfig(Config config) {
    AUC auc = new AUC(config.getString("name", "auc"))
        .numThresholds(config.getInt("num_thresholds", 200))
        .curve(config.getString("curve", "ROC"))
        .summationMethod(config.getString("summation_method", "interpolation"))
        .fromLogits(config.getBoolean("from_logits", false))
        .multiLabel(config.getBoolean("multi_label", false));
    if (config.get("num_labels") instanceof Number) {
      if (!auc.multiLabel) {
        throw new IllegalArgumentException("AUC: num_labels is needed only when multi_label is true");
      }
      auc.numLabels(config.getInt("num_labels", 0));
    }
    if (config.get("thresholds") instanceof List<?> thresholds) {
      auc.thresholds(ThresholdMetric.numbers(auc.name(), "thresholds", thresholds));
    }
    if (config.get("label_weights") instanceof List<?> weights) {
      auc.labelWeights(ThresholdMetric.numbers(auc.name(), "label_weights", weights));
    }
    return auc;
  }

  @Override
  public String toString() {
    return "AUC(name=" + name() + ", curve=" + curve + ", num_thresholds=" + numThresholds + ")";
  }
}
