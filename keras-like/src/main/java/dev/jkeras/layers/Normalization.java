package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.Variable;
import dev.jkeras.data.Dataset;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * Standardizes features: {@code (x - mean) / sqrt(variance)} over the last axis, with mean and
 * variance learned from data by {@link #adapt} and kept as non-trainable weights (Keras's
 * {@code Normalization}).
 */
public class Normalization extends Layer {
  private static final double EPSILON = 1e-7;

  private NdArray<?> adaptedMean;
  private NdArray<?> adaptedVariance;
  private long adaptedCount;
  private Variable mean;
  private Variable variance;
  private Variable count;

  /**
   * Computes the per-feature mean and variance of {@code data} (samples along the first axis,
   * features along the last), as Keras's {@code layer.adapt(data)}.
   */
  public Normalization adapt(NdArray<?> data) {
    checkAdaptData(data);
    List<NdArray<?>> stats = meanAndVariance(data);
    setStatistics(stats.get(0), stats.get(1), data.shape().size() / data.shape().get(data.rank() - 1));
    return this;
  }

  /**
   * Computes the per-feature mean and variance over every batch of a dataset, as Keras's {@code
   * adapt(dataset)}: each element is a batch of inputs, or an {@code (x, y[, sample_weight])} tuple
   * of which {@code x} counts; a dataset of single feature vectors is batched by 128 first. The
   * batches' statistics are merged exactly (lack-of-fit sum of squares), so the result equals
   * {@link #adapt(NdArray)} on all the data at once, up to rounding. A dataset that repeats forever
   * needs {@link #adapt(Dataset, long)}.
   */
  public Normalization adapt(Dataset data) {
    return adaptBatches(data, null);
  }

  /** As {@link #adapt(Dataset)}, reading at most {@code steps} batches. */
  public Normalization adapt(Dataset data, long steps) {
    return adaptBatches(data, steps);
  }

  private Normalization adaptBatches(Dataset data, Long steps) {
    String layer = "Layer \"" + name() + "\" (Normalization)";
    AdaptBatches batches = new AdaptBatches(layer, unbatchedFeatures(data) ? data.batch(128) : data, steps, true);
    double[][] total = {null, null};
    long[] count = {0};
    batches.forEach(batch -> {
      checkAdaptData(batch);
      long batchCount = batch.shape().size() / batch.shape().get(batch.rank() - 1);
      List<NdArray<?>> stats = meanAndVariance(batch);
      double[] batchMean = doubles(stats.get(0));
      double[] batchVariance = doubles(stats.get(1));
      if (total[0] == null) {
        total[0] = new double[batchMean.length];
        total[1] = new double[batchMean.length];
      } else if (total[0].length != batchMean.length) {
        throw new IllegalArgumentException(layer + ": adapt() yielded a batch with incompatible shape. Expected "
            + total[0].length + " features, got " + batch.shape());
      }
      count[0] += batchCount;
      double batchWeight = (double) batchCount / count[0];
      for (int f = 0; f < batchMean.length; f++) {
        double mean = total[0][f] * (1 - batchWeight) + batchMean[f] * batchWeight;
        total[1][f] = (total[1][f] + square(total[0][f] - mean)) * (1 - batchWeight)
            + (batchVariance[f] + square(batchMean[f] - mean)) * batchWeight;
        total[0][f] = mean;
      }
    });
    if (total[0] == null) {
      throw new IllegalArgumentException(layer + " cannot adapt to an empty dataset: it gave no batch");
    }
    setStatistics(floats(total[0]), floats(total[1]), count[0]);
    return this;
  }

  private static boolean unbatchedFeatures(Dataset data) {
    return !data.isGenerated() && data.elementSpec().components().get(0).shape().rank() == 1;
  }

  private void checkAdaptData(NdArray<?> data) {
    if (data == null || data.rank() < 2 || data.shape().size() == 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Normalization) adapts to data of shape "
          + "(samples, ..., features) with at least one sample and every dimension at least 1, got "
          + (data == null ? "null" : data.shape()));
    }
  }

  private static List<NdArray<?>> meanAndVariance(NdArray<?> data) {
    int[] axes = new int[data.rank() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return Backends.get().eager(() -> {
      KerasTensor x = Ops.cast(Ops.convertToTensor(data), DType.FLOAT32);
      return List.of(Ops.mean(x, axes), Ops.var(x, axes));
    });
  }

  private void setStatistics(NdArray<?> newMean, NdArray<?> newVariance, long newCount) {
    adaptedMean = newMean;
    adaptedVariance = newVariance;
    adaptedCount = newCount;
    if (isBuilt()) {
      checkFeatures(builtInputShape());
      mean.write(adaptedMean);
      variance.write(adaptedVariance);
      count.write(NdArrays.scalarOf(adaptedCount));
    }
  }

  private static double square(double x) {
    return x * x;
  }

  private static double[] doubles(NdArray<?> vector) {
    double[] out = new double[Math.toIntExact(vector.size())];
    int[] i = {0};
    vector.scalars().forEach(s -> out[i[0]++] = ((Number) s.getObject()).doubleValue());
    return out;
  }

  private static NdArray<?> floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return NdArrays.vectorOf(out);
  }

  private void checkFeatures(Shape inputShape) {
    long features = inputShape.get(-1);
    if (adaptedMean != null && adaptedMean.shape().get(0) != features) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Normalization) was adapted to "
          + adaptedMean.shape().get(0) + " features but receives inputs of shape " + inputShape);
    }
  }

  @Override
  protected void build(Shape inputShape) {
    long features = inputShape.get(-1);
    if (features == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Normalization) needs a known last dimension, got "
          + inputShape);
    }
    checkFeatures(inputShape);
    Shape shape = Shape.of(features);
    mean = addWeight("mean", shape, (s, d) -> adaptedMean == null ? Ops.zeros(s, d) : Ops.convertToTensor(adaptedMean), false);
    variance = addWeight("variance", shape,
        (s, d) -> adaptedVariance == null ? Ops.ones(s, d) : Ops.convertToTensor(adaptedVariance), false);
    count = addWeight("count", Shape.scalar(), DType.INT64, (s, d) -> Ops.full(s, adaptedCount, d), false);
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    return Ops.divide(Ops.subtract(x, mean.value()), Ops.maximum(Ops.sqrt(variance.value()), EPSILON));
  }

  /** Keras's options; the adapted statistics travel as the layer's weights. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axis", List.of(-1));
    config.put("mean", null);
    config.put("variance", null);
    config.put("invert", false);
    return config;
  }
}
