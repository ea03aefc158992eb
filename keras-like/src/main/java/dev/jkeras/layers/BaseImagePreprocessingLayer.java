package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.ops.ImageOps;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Keras's image preprocessing and augmentation layers share ({@code BaseImagePreprocessingLayer}):
 * channels-last images, one {@code (height, width, channels)} or a batch of them; factor ranges checked
 * as Keras checks them; random draws per image, seeded by the layer's {@code seed} (0: the global seed of
 * {@link RandomSeeds}, else unseeded), so that a seeded program augments the same way on every run.
 */
public abstract class BaseImagePreprocessingLayer extends Layer {
  /** The only data format jkeras's image layers take. */
  protected static final String CHANNELS_LAST = "channels_last";

  protected BaseImagePreprocessingLayer() {}

  /** Fails unless {@code images} is one image (rank 3) or a batch (rank 4), with Keras's message. */
  protected static void checkImages(KerasTensor images) {
    if (images.rank() != 3 && images.rank() != 4) {
      throw new IllegalArgumentException("Expected image tensor to have rank 3 (single image) or 4 (batch of "
          + "images). Received: data.shape=" + images.shape() + ". Image layers take (height, width, channels) "
          + "images or batches of them.");
    }
  }

  /** {@code images} in the layer's compute dtype, float32. */
  protected static KerasTensor toFloat(KerasTensor images) {
    return images.dtype() == DType.FLOAT32 ? images : Ops.cast(images, DType.FLOAT32);
  }

  /**
   * One value per image drawn uniformly from {@code [min, max)}: shape {@code (batch, 1, ...)} with
   * {@code ones} trailing 1s for a batch, {@code (1, ...)} for one image.
   */
  protected static KerasTensor uniformPerImage(KerasTensor images, int ones, double min, double max, long seed) {
    List<KerasTensor> dims = new ArrayList<>();
    dims.add(images.rank() == 4 ? Ops.unstack(Ops.shape(images), 0).get(0) : Ops.scalar(1, DType.INT32));
    for (int i = 0; i < ones; i++) {
      dims.add(Ops.scalar(1, DType.INT32));
    }
    return Ops.randomUniform(Ops.stack(dims, 0), min, max, DType.FLOAT32, seed);
  }

  /** A seed for a layer's {@code k}-th draw: TensorFlow's ops with equal seeds would draw equal numbers. */
  protected static long drawSeed(long seed, int k) {
    return seed == 0 ? 0 : seed + 7919L * k;
  }

  /** The image height ({@code axis} -3) or width (-2) as a float32 scalar, constant when known. */
  protected static KerasTensor dimension(KerasTensor images, int axis) {
    int resolved = images.rank() + axis;
    long size = images.shape().get(resolved);
    if (size >= 0) {
      return Ops.scalar(size, DType.FLOAT32);
    }
    return Ops.cast(Ops.unstack(Ops.shape(images), 0).get(resolved), DType.FLOAT32);
  }

  /** Fails unless {@code value} is one of {@code allowed}, naming the option, the value and the choices. */
  protected static String checkChoice(String layer, String option, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(layer + ": unknown `" + option + "` " + value + ". Expected one of "
          + allowed + ".");
    }
    return value;
  }

  /** Checks the interpolation and fill mode of the transform layers (rotation, zoom, translation), as Keras. */
  protected static void checkTransformOptions(String layer, String interpolation, String fillMode) {
    checkChoice(layer, "fill_mode", fillMode, ImageOps.AFFINE_TRANSFORM_FILL_MODES);
    checkChoice(layer, "interpolation", interpolation, ImageOps.AFFINE_TRANSFORM_INTERPOLATIONS);
  }

  /**
   * Keras's {@code _set_factor}: a number {@code f} gives {@code [max(-|f|, low), |f|]}, a pair is
   * sorted; a number outside {@code [low, high]}, or a pair wholly outside, fails with Keras's message.
   */
  protected static double[] factorRange(double[] factor, double low, double high) {
    String message = "The `factor` argument should be a number (or a list of two numbers) in the range ["
        + bound(low) + ", " + bound(high) + "]. Received: factor=" + format(factor);
    if (factor.length == 1) {
      double f = factor[0];
      if (!(f >= low && f <= high)) {
        throw new IllegalArgumentException(message);
      }
      return new double[] {Math.max(-Math.abs(f), low), Math.abs(f)};
    }
    if (factor.length != 2 || !(factor[0] <= high) || !(factor[1] >= low)) {
      throw new IllegalArgumentException(message);
    }
    return new double[] {Math.min(factor[0], factor[1]), Math.max(factor[0], factor[1])};
  }

  /** A number, or a pair {@code [a, b]}, of a saved config as an array of one or two values. */
  protected static double[] numbers(Config config, String key) {
    Object value = config.get(key);
    if (value instanceof Number n) {
      return new double[] {n.doubleValue()};
    }
    if (value instanceof List<?> list && list.stream().allMatch(Number.class::isInstance)) {
      return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
    throw new IllegalArgumentException("The saved config has '" + key + "' = " + value
        + ", expected a number or a list of two numbers");
  }

  /** {@code factor} as Keras writes it in a config: a number, or a list. */
  protected static Object configValue(double[] factor) {
    return factor.length == 1 ? (Object) factor[0] : List.of(factor[0], factor[1]);
  }

  /** A seed as Keras writes it: {@code None} for unseeded. */
  protected static Object seedConfig(long seed) {
    return seed == 0 ? null : seed;
  }

  /** The seed of a saved config, 0 for {@code None}. */
  protected static long seed(Config config) {
    return config.get("seed") == null ? 0 : config.getLong("seed", 0);
  }

  /** Refuses configs of channels-first images, which jkeras's image layers do not take. */
  protected static void checkDataFormat(Config config) {
    String format = config.getString("data_format", CHANNELS_LAST);
    if (!CHANNELS_LAST.equals(format)) {
      throw new IllegalArgumentException("Image layers take channels_last images only, but the saved config has "
          + "data_format=" + format + ". Transpose the images to (height, width, channels) and save the layer "
          + "with data_format='channels_last'.");
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("data_format", CHANNELS_LAST);
    return config;
  }

  private static String bound(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** A factor as Python prints it: {@code 2.0} or {@code [0.1, 0.2, 0.3]}. */
  static String format(double[] values) {
    if (values.length == 1) {
      return Double.toString(values[0]);
    }
    List<String> items = new ArrayList<>();
    for (double v : values) {
      items.add(Double.toString(v));
    }
    return "[" + String.join(", ", items) + "]";
  }

  /** Transform rows {@code [a0, a1, a2, b0, b1, b2, c0, c1]} from {@code (batch, 1)} columns; null columns are 0. */
  protected static KerasTensor transformRows(KerasTensor... columns) {
    KerasTensor like = java.util.Arrays.stream(columns).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
    KerasTensor zero = Ops.multiply(like, 0.0);
    KerasTensor[] filled = new KerasTensor[columns.length];
    for (int i = 0; i < columns.length; i++) {
      filled[i] = columns[i] == null ? zero : columns[i];
    }
    return Ops.concatenate(filled, 1);
  }
}
