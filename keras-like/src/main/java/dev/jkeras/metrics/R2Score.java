package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code R2Score}, the coefficient of determination, streamed over batches of targets and
 * predictions of shape {@code (batch, outputs)}. {@code classAggregation} {@code "uniform_average"}
 * (the default) averages the outputs' scores, {@code "variance_weighted_average"} weighs them by the
 * targets' variance, null gives one score per output (a vector result). {@code numRegressors} > 0
 * gives the adjusted R2 (falling back to R2, as Keras, while there are too few values).
 */
public class R2Score extends Metric implements KerasSerializable {
  private static final List<String> AGGREGATIONS = Arrays.asList(null, "uniform_average", "variance_weighted_average");

  private String classAggregation = "uniform_average";
  private int numRegressors;
  private long outputs = -1;
  private Variable numSamples;
  private Variable squaredSum;
  private Variable sum;
  private Variable residual;
  private Variable count;

  public R2Score() {
    this("r2_score");
  }

  public R2Score(String name) {
    super(name);
  }

  /** {@code "uniform_average"}, {@code "variance_weighted_average"} or null (a score per output). */
  public R2Score classAggregation(String classAggregation) {
    if (!AGGREGATIONS.contains(classAggregation)) {
      throw new IllegalArgumentException("Metric '" + name() + "': invalid class_aggregation '" + classAggregation
          + "'. Expected one of: null (a score per output), 'uniform_average', 'variance_weighted_average'");
    }
    this.classAggregation = classAggregation;
    return this;
  }

  /** The number of independent regressors for the adjusted R2 (0, the default, for plain R2). */
  public R2Score numRegressors(int numRegressors) {
    if (numRegressors < 0) {
      throw new IllegalArgumentException("Metric '" + name() + "': num_regressors must be >= 0, got " + numRegressors);
    }
    this.numRegressors = numRegressors;
    return this;
  }

  @Override
  protected void buildState() {
    if (outputs < 0) {
      throw new IllegalStateException("Metric '" + name() + "' learns its number of outputs from its first update; "
          + "update it before reading or resetting it");
    }
    Shape shape = Shape.of(outputs);
    numSamples = addVariable("num_samples", Shape.scalar());
    squaredSum = addVariable("squared_sum", shape);
    sum = addVariable("sum", shape);
    residual = addVariable("residual", shape);
    count = addVariable("count", shape);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    KerasTensor[] same = MetricFunctions.sameRank(Ops.cast(yTrue, DType.FLOAT32), Ops.cast(yPred, DType.FLOAT32));
    KerasTensor t = same[0];
    KerasTensor p = same[1];
    long last = p.rank() == 2 ? p.shape().get(-1) : Shape.UNKNOWN;
    if (t.rank() != 2 || p.rank() != 2 || last == Shape.UNKNOWN || t.shape().get(-1) != last) {
      throw new IllegalArgumentException("Metric '" + name() + "' expects targets and predictions of shape "
          + "(batch_size, output_dim) with output_dim known, got y_true.shape=" + yTrue.shape() + " and y_pred.shape="
          + yPred.shape());
    }
    if (outputs >= 0 && outputs != last) {
      throw new IllegalArgumentException("Metric '" + name() + "' was built for " + outputs + " outputs, got "
          + "predictions of shape " + yPred.shape());
    }
    outputs = last;
    ensureState();
    KerasTensor ones = Ops.zeros(Ops.shape(t), DType.FLOAT32);
    KerasTensor weights = sampleWeight == null ? Ops.add(ones, 1.0) : Ops.cast(sampleWeight, DType.FLOAT32);
    if (weights.rank() == 1) {
      weights = Ops.expandDims(weights, 1);
    }
    weights = Ops.add(ones, weights);
    KerasTensor weightedTrue = Ops.multiply(t, weights);
    KerasTensor size = Ops.multiply(Ops.cast(Ops.take(Ops.shape(t), Ops.scalar(0, DType.INT32)), DType.FLOAT32),
        (double) outputs);
    return List.of(
        sum.assignAdd(Ops.sum(weightedTrue, 0)),
        squaredSum.assignAdd(Ops.sum(Ops.multiply(t, weightedTrue), 0)),
        residual.assignAdd(Ops.sum(Ops.multiply(Ops.square(Ops.subtract(t, p)), weights), 0)),
        count.assignAdd(Ops.sum(weights, 0)),
        numSamples.assignAdd(size));
  }

  @Override
  protected KerasTensor compute() {
    KerasTensor mean = Ops.divide(sum.value(), count.value());
    KerasTensor total = Ops.subtract(squaredSum.value(), Ops.multiply(sum.value(), mean));
    KerasTensor raw = Ops.subtract(1.0, Ops.divide(residual.value(), total));
    raw = Ops.where(Ops.isinf(raw), Ops.zeros(Ops.shape(raw), DType.FLOAT32), raw);
    KerasTensor score;
    if ("uniform_average".equals(classAggregation)) {
      score = Ops.mean(raw);
    } else if ("variance_weighted_average".equals(classAggregation)) {
      score = Ops.divide(Ops.sum(Ops.multiply(total, raw)), Ops.sum(total));
    } else {
      score = raw;
    }
    if (numRegressors == 0) {
      return score;
    }
    KerasTensor n = numSamples.value();
    KerasTensor adjusted = Ops.subtract(1.0, Ops.divide(Ops.multiply(Ops.subtract(1.0, score), Ops.subtract(n, 1.0)),
        Ops.subtract(n, numRegressors + 1.0)));
    KerasTensor enoughValues = Ops.greater(Ops.subtract(n, 1.0), (double) numRegressors);
    return Ops.where(enoughValues, adjusted, score);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("class_aggregation", classAggregation);
    config.put("num_regressors", numRegressors);
    return config;
  }

  public static R2Score fromConfig(Config config) {
    return new R2Score(config.getString("name", "r2_score"))
        .classAggregation(config.getString("class_aggregation", null))
        .numRegressors(config.getInt("num_regressors", 0));
  }
}
