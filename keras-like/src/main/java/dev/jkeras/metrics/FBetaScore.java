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
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code FBetaScore}: {@code (1 + beta^2) * precision * recall / (beta^2 * precision + recall)}
 * over streamed counts, for targets and predictions of shape {@code (batch, classes)}. A prediction
 * above {@code threshold} is a positive; with no threshold (the default) each row's largest prediction
 * is. {@code average} null (the default) gives one score per class (a vector result); {@code "micro"}
 * pools the counts, {@code "macro"} averages the class scores, {@code "weighted"} averages them
 * weighted by each class's number of true instances.
 */
public class FBetaScore extends Metric implements KerasSerializable {
  private static final double EPSILON = 1e-7;
  private static final Set<String> AVERAGES = Set.of("micro", "macro", "weighted");

  private String average;
  private double beta = 1.0;
  private Double threshold;
  private long classes = -1;
  private Variable truePositives;
  private Variable falsePositives;
  private Variable falseNegatives;
  private Variable intermediateWeights;

  public FBetaScore() {
    this("fbeta_score");
  }

  public FBetaScore(String name) {
    super(name);
  }

  /** {@code null} (a score per class), {@code "micro"}, {@code "macro"} or {@code "weighted"}. */
  public FBetaScore average(String average) {
    if (average != null && !AVERAGES.contains(average)) {
      throw new IllegalArgumentException("Metric '" + name() + "': invalid average '" + average
          + "'. Expected one of: null (a score per class), 'micro', 'macro', 'weighted'");
    }
    this.average = average;
    return this;
  }

  /** The weight of recall in the harmonic mean; must be positive (1 by default). */
  public FBetaScore beta(double beta) {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("Metric '" + name() + "': beta must be a finite number > 0, got " + beta);
    }
    this.beta = beta;
    return this;
  }

  /** Predictions above this count as positives; must verify {@code 0 < threshold <= 1}. */
  public FBetaScore threshold(double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("Metric '" + name() + "': threshold must verify 0 < threshold <= 1, got "
          + threshold);
    }
    this.threshold = threshold;
    return this;
  }

  public String average() {
    return average;
  }

  public double beta() {
    return beta;
  }

  @Override
  protected void buildState() {
    if (classes < 0) {
      throw new IllegalStateException("Metric '" + name() + "' learns its number of classes from its first update; "
          + "update it before reading or resetting it");
    }
    Shape shape = "micro".equals(average) ? Shape.scalar() : Shape.of(classes);
    truePositives = addVariable("true_positives", shape);
    falsePositives = addVariable("false_positives", shape);
    falseNegatives = addVariable("false_negatives", shape);
    intermediateWeights = addVariable("intermediate_weights", shape);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    long predClasses = yPred.rank() == 2 ? yPred.shape().get(-1) : Shape.UNKNOWN;
    if (yPred.rank() != 2 || yTrue.rank() != 2 || predClasses == Shape.UNKNOWN
        || yTrue.shape().get(-1) != predClasses) {
      throw new IllegalArgumentException("Metric '" + name() + "' expects targets and predictions of the same shape "
          + "(batch_size, output_dim) with output_dim known, got y_true.shape=" + yTrue.shape() + " and y_pred.shape="
          + yPred.shape());
    }
    if (classes >= 0 && classes != predClasses) {
      throw new IllegalArgumentException("Metric '" + name() + "' was built for " + classes + " classes, got "
          + "predictions of shape " + yPred.shape());
    }
    classes = predClasses;
    ensureState();
    KerasTensor pred = Ops.cast(yPred, DType.FLOAT32);
    KerasTensor predicted = threshold == null
        ? Ops.logicalAnd(Ops.logicalNot(Ops.greater(Ops.max(pred, new int[] {-1}, true), pred)),
            Ops.greater(Ops.abs(pred), 1e-9))
        : Ops.greater(pred, threshold);
    KerasTensor p = Ops.cast(predicted, DType.FLOAT32);
    KerasTensor t = Ops.cast(yTrue, DType.FLOAT32);
    KerasTensor weights = sampleWeight == null ? null : Ops.expandDims(Ops.cast(sampleWeight, DType.FLOAT32), 1);
    return List.of(
        truePositives.assignAdd(weightedSum(Ops.multiply(p, t), weights)),
        falsePositives.assignAdd(weightedSum(Ops.multiply(p, Ops.subtract(1.0, t)), weights)),
        falseNegatives.assignAdd(weightedSum(Ops.multiply(Ops.subtract(1.0, p), t), weights)),
        intermediateWeights.assignAdd(weightedSum(t, weights)));
  }

  private KerasTensor weightedSum(KerasTensor values, KerasTensor weights) {
    KerasTensor weighted = weights == null ? values : Ops.multiply(values, weights);
    return "micro".equals(average) ? Ops.sum(weighted) : Ops.sum(weighted, 0);
  }

  @Override
  protected KerasTensor compute() {
    KerasTensor tp = truePositives.value();
    KerasTensor precision = Ops.divide(tp, Ops.add(Ops.add(tp, falsePositives.value()), EPSILON));
    KerasTensor recall = Ops.divide(tp, Ops.add(Ops.add(tp, falseNegatives.value()), EPSILON));
    double b2 = beta * beta;
    KerasTensor mean = Ops.divide(Ops.multiply(precision, recall),
        Ops.add(Ops.add(Ops.multiply(precision, b2), recall), EPSILON));
    KerasTensor score = Ops.multiply(mean, 1 + b2);
    if ("weighted".equals(average)) {
      KerasTensor support = intermediateWeights.value();
      return Ops.sum(Ops.multiply(score, Ops.divide(support, Ops.add(Ops.sum(support), EPSILON))));
    }
    return average == null ? score : Ops.mean(score);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("average", average);
    config.put("beta", beta);
    config.put("threshold", threshold);
    return config;
  }

  /** Applies a saved config's average and threshold. */
  static <T extends FBetaScore> T configure(T metric, Config config) {
    metric.average(config.getString("average", null));
    if (config.get("threshold") instanceof Number t) {
      metric.threshold(t.doubleValue());
    }
    return metric;
  }

  public static FBetaScore fromConfig(Config config) {
    FBetaScore metric = configure(new FBetaScore(config.getString("name", "fbeta_score")), config);
    return config.get("beta") instanceof Number b ? metric.beta(b.doubleValue()) : metric;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", average=" + average + ", beta=" + beta
        + ", threshold=" + threshold + ")";
  }
}
