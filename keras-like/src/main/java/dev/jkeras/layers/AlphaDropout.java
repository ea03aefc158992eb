package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Alpha dropout, as {@code keras.layers.AlphaDropout}: while training, each input is dropped with probability
 * {@code rate} to SELU's negative saturation value, then all are moved by an affine map that keeps the inputs' mean
 * and variance (for self-normalizing networks with {@code selu} activations); inputs pass through unchanged otherwise.
 * {@code noise_shape} (null entries take the input's size) shares the drop across axes of size 1.
 */
public class AlphaDropout extends Layer {
  private static final double ALPHA = 1.6732632423543772848170429916717;
  private static final double SCALE = 1.0507009873554804934193349852946;

  private final double rate;
  private long seed;
  private Long[] noiseShape;

  /** {@code rate}: the drop probability, in [0, 1). */
  public AlphaDropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate` of AlphaDropout layer \""
          + name() + "\": expected a float value in [0, 1), got rate=" + rate
          + (rate == 1 ? " (a rate of 1 drops everything and makes the affine correction infinite)" : ""));
    }
    this.rate = rate;
  }

  /** With a fixed seed for the drops (0 means unseeded). */
  public AlphaDropout(double rate, long seed) {
    this(rate);
    this.seed = seed;
  }

  public double rate() {
    return rate;
  }

  /** A fixed seed for the drops (0 means unseeded). */
  public AlphaDropout seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  /** The shape of the drop pattern, one entry per input axis (null: the input's size), e.g. {@code null, 1, null}. */
  public AlphaDropout noiseShape(Long... noiseShape) {
    checkNotBuilt("noiseShape");
    if (noiseShape != null) {
      for (Long d : noiseShape) {
        if (d != null && d <= 0) {
          throw new IllegalArgumentException("Layer \"" + name() + "\" (AlphaDropout): `noise_shape` entries must be "
              + "positive or None, got " + Arrays.toString(noiseShape));
        }
      }
    }
    this.noiseShape = noiseShape == null ? null : noiseShape.clone();
    return this;
  }

  @Override
  public AlphaDropout name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public AlphaDropout inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    if (noiseShape == null) {
      return;
    }
    boolean fits = noiseShape.length == inputShape.rank();
    for (int i = 0; fits && i < noiseShape.length; i++) {
      long size = inputShape.get(i);
      fits = noiseShape[i] == null || noiseShape[i] == 1 || size == Shape.UNKNOWN || noiseShape[i] == size;
    }
    if (!fits) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (AlphaDropout): `noise_shape` "
          + Arrays.toString(noiseShape) + " does not broadcast to the input shape " + inputShape + ": give one entry "
          + "per axis, each None, 1 or the input's size");
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || rate == 0) {
      return inputs;
    }
    double alphaP = -ALPHA * SCALE;
    KerasTensor noise = Ops.randomUniform(noiseShapeOf(inputs), 0, 1, inputs.dtype(), seed);
    KerasTensor kept = Ops.cast(Ops.greaterEqual(noise, rate), inputs.dtype());
    double a = Math.pow((1 - rate) * (1 + rate * alphaP * alphaP), -0.5);
    double b = -a * alphaP * rate;
    KerasTensor x = Ops.add(Ops.multiply(inputs, kept), Ops.multiply(Ops.subtract(1.0, kept), alphaP));
    return Ops.add(Ops.multiply(x, a), b);
  }

  private KerasTensor noiseShapeOf(KerasTensor inputs) {
    KerasTensor shape = Ops.cast(Ops.shape(inputs), DType.INT64);
    if (noiseShape == null) {
      return shape;
    }
    KerasTensor[] parts = new KerasTensor[noiseShape.length];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = noiseShape[i] == null ? Ops.slice(shape, new int[] {i}, new int[] {1})
          : Ops.convertToTensor(org.tensorflow.ndarray.NdArrays.vectorOf(noiseShape[i].longValue()));
    }
    return Ops.concatenate(parts, 0);
  }

  public static AlphaDropout fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("AlphaDropout's config needs \"rate\" (a number in [0, 1)), got " + config);
    }
    AlphaDropout layer = new AlphaDropout(config.getDouble("rate", 0), config.getLong("seed", 0));
    if (config.get("noise_shape") instanceof List<?> entries) {
      Long[] shape = new Long[entries.size()];
      for (int i = 0; i < shape.length; i++) {
        Object entry = entries.get(i);
        if (entry != null && !(entry instanceof Number)) {
          throw new IllegalArgumentException("AlphaDropout's config has noise_shape " + entries
              + ", expected integers or None");
        }
        shape[i] = entry == null ? null : ((Number) entry).longValue();
      }
      layer.noiseShape(shape);
    }
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("rate", rate);
    config.put("seed", seed == 0 ? null : seed);
    config.put("noise_shape", noiseShape == null ? null : new ArrayList<>(Arrays.asList(noiseShape)));
    return config;
  }
}
