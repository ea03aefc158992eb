package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code VarianceScaling}: samples with variance {@code scale / n}, where {@code n} is the
 * number of inputs ({@code fan_in}), outputs ({@code fan_out}) or their average ({@code fan_avg}).
 * Glorot, He and LeCun initializers are instances of it.
 */
public class VarianceScaling implements Initializer {
  /** Standard deviation of a unit normal truncated to two standard deviations. */
  private static final double TRUNCATED_STDDEV = 0.87962566103423978;

  public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

  public enum Distribution { TRUNCATED_NORMAL, UNTRUNCATED_NORMAL, UNIFORM }

  private final double scale;
  private final Mode mode;
  private final Distribution distribution;
  private final long seed;
  private final int[] inputAxes;
  private final int[] outputAxes;

  public VarianceScaling(double scale, Mode mode, Distribution distribution, long seed) {
    this(scale, mode, distribution, seed, null, null);
  }

  /**
   * As Keras's {@code VarianceScaling(..., input_axes, output_axes)}: when both are given, {@code fan_in}
   * is the product of the weight's sizes along {@code inputAxes} and {@code fan_out} along
   * {@code outputAxes} (negative axes count from the end); null for both uses Keras's default fans.
   */
  public VarianceScaling(double scale, Mode mode, Distribution distribution, long seed, int[] inputAxes,
      int[] outputAxes) {
    if (scale <= 0) {
      throw new IllegalArgumentException("VarianceScaling scale must be positive, got " + scale);
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution;
    this.seed = seed;
    this.inputAxes = inputAxes == null ? null : inputAxes.clone();
    this.outputAxes = outputAxes == null ? null : outputAxes.clone();
  }

  /** Keras's defaults: scale 1, fan_in, truncated normal. */
  public VarianceScaling() {
    this(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, 0);
  }

  public static VarianceScaling fromConfig(Config config) {
    return new VarianceScaling(config.getDouble("scale", 1.0),
        Mode.valueOf(config.getString("mode", "fan_in").toUpperCase(Locale.ROOT)),
        Distribution.valueOf(config.getString("distribution", "truncated_normal").toUpperCase(Locale.ROOT)),
        config.getLong("seed", 0), axes(config, "input_axes"), axes(config, "output_axes"));
  }

  /** Keras's {@code input_axes} or {@code output_axes}: null when absent or None. */
  static int[] axes(Config config, String key) {
    return config.has(key) && config.get(key) != null ? config.getIntArray(key) : null;
  }

  /** Keras's options; the named variants (GlorotUniform, HeNormal, ...) have only a seed. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    if (getClass() == VarianceScaling.class) {
      config.put("scale", scale);
      config.put("mode", mode.name().toLowerCase(Locale.ROOT));
      config.put("distribution", distribution.name().toLowerCase(Locale.ROOT));
    }
    config.put("seed", seed == 0 ? null : seed);
    config.put("input_axes", inputAxes == null ? null : java.util.Arrays.stream(inputAxes).boxed().toList());
    config.put("output_axes", outputAxes == null ? null : java.util.Arrays.stream(outputAxes).boxed().toList());
    return config;
  }

  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    double[] fans = inputAxes != null && outputAxes != null
        ? new double[] {product(shape, inputAxes), product(shape, outputAxes)} : fans(shape);
    double n = switch (mode) {
      case FAN_IN -> fans[0];
      case FAN_OUT -> fans[1];
      case FAN_AVG -> (fans[0] + fans[1]) / 2;
    };
    double variance = scale / Math.max(1.0, n);
    return switch (distribution) {
      case TRUNCATED_NORMAL -> Ops.truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_STDDEV, dtype, seed);
      case UNTRUNCATED_NORMAL -> Ops.randomNormal(shape, 0, Math.sqrt(variance), dtype, seed);
      case UNIFORM -> {
        double limit = Math.sqrt(3 * variance);
        yield Ops.randomUniform(shape, -limit, limit, dtype, seed);
      }
    };
  }

  private static double product(Shape shape, int[] axes) {
    double size = 1;
    for (int axis : axes) {
      size *= shape.get(axis);
    }
    return size;
  }

  /** {@code fan_in} and {@code fan_out} as Keras computes them. */
  static double[] fans(Shape shape) {
    long[] dims = shape.asArray();
    if (dims.length == 0) {
      return new double[] {1, 1};
    }
    if (dims.length == 1) {
      return new double[] {dims[0], dims[0]};
    }
    double receptiveField = 1;
    for (int i = 0; i < dims.length - 2; i++) {
      receptiveField *= dims[i];
    }
    return new double[] {dims[dims.length - 2] * receptiveField, dims[dims.length - 1] * receptiveField};
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(scale=" + scale + ", mode=" + mode.name().toLowerCase(Locale.ROOT)
        + ", distribution=" + distribution.name().toLowerCase(Locale.ROOT) + ")";
  }
}
