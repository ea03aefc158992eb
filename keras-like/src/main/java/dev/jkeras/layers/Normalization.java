package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.Variable;
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
    if (data == null || data.rank() < 2 || data.shape().size() == 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Normalization) adapts to data of shape "
          + "(samples, ..., features) with at least one sample and every dimension at least 1, got "
          + (data == null ? "null" : data.shape()));
    }
    int[] axes = new int[data.rank() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    List<NdArray<?>> stats = Backends.get().eager(() -> {
      KerasTensor x = Ops.cast(Ops.convertToTensor(data), DType.FLOAT32);
      return List.of(Ops.mean(x, axes), Ops.var(x, axes));
    });
    adaptedMean = stats.get(0);
    adaptedVariance = stats.get(1);
    adaptedCount = data.shape().size() / data.shape().get(data.rank() - 1);
    if (isBuilt()) {
      checkFeatures(builtInputShape());
      mean.write(adaptedMean);
      variance.write(adaptedVariance);
      count.write(NdArrays.scalarOf(adaptedCount));
    }
    return this;
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
