package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Zooms each image in or out by a random amount while training, as Keras's {@code RandomZoom}: the
 * height is scaled by {@code 1 + z} with {@code z} drawn from {@code heightFactor} ({@code 0.2}: within
 * [-0.2, 0.2]; a pair gives the range; negative zooms in, positive out), the width by its own draw from
 * {@code widthFactor}, or by the same factor when it is not given (aspect ratio kept). Points from outside
 * are filled by {@code fillMode}. Identity (cast to float32) at inference.
 */
public class RandomZoom extends BaseImagePreprocessingLayer {
  private static final String FACTOR_ERROR = "The `height_factor` and `width_factor` arguments should be a "
      + "number (or a list of two numbers) in the range (-1.0, 1.0]. ";
  private final double[] heightFactor;
  private final double[] widthFactor;
  private final double[] heightRange;
  private final double[] widthRange;
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;
  private long seed;

  /** Zooms within {@code [-|heightFactor|, |heightFactor|]}, keeping the aspect ratio. */
  public RandomZoom(double heightFactor) {
    this(new double[] {heightFactor}, null);
  }

  /** Zooms the height and the width independently. */
  public RandomZoom(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  /** Zooms with {@code [lower, upper]} ranges; {@code widthFactor} null keeps the aspect ratio. */
  public RandomZoom(double[] heightFactor, double[] widthFactor) {
    this.heightFactor = heightFactor.clone();
    this.heightRange = range(heightFactor, "height_factor");
    this.widthFactor = widthFactor == null ? null : widthFactor.clone();
    this.widthRange = widthFactor == null ? null : range(widthFactor, "width_factor");
  }

  /** Keras's zoom factor checks: each number in (-1, 1]; a number {@code f} gives {@code [-|f|, |f|]}. */
  private static double[] range(double[] factor, String name) {
    if (factor.length != 1 && factor.length != 2) {
      throw new IllegalArgumentException(FACTOR_ERROR + "Received: " + name + "=" + format(factor));
    }
    for (double f : factor) {
      if (!(f <= 1.0 && f > -1.0)) {
        throw new IllegalArgumentException(FACTOR_ERROR + "Received: input_number=" + f);
      }
    }
    return factor.length == 1 ? new double[] {-Math.abs(factor[0]), Math.abs(factor[0])}
        : new double[] {Math.min(factor[0], factor[1]), Math.max(factor[0], factor[1])};
  }

  /** One of reflect (the default), wrap, constant, nearest. */
  public RandomZoom fillMode(String fillMode) {
    checkNotBuilt("fillMode");
    checkTransformOptions("RandomZoom", interpolation, fillMode);
    this.fillMode = fillMode;
    return this;
  }

  /** bilinear (the default) or nearest. */
  public RandomZoom interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    checkTransformOptions("RandomZoom", interpolation, fillMode);
    this.interpolation = interpolation;
    return this;
  }

  public RandomZoom fillValue(double fillValue) {
    checkNotBuilt("fillValue");
    this.fillValue = fillValue;
    return this;
  }

  /** A fixed seed for the zooms (0: the global seed's sequence, or unseeded). */
  public RandomZoom seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    checkImages(inputs);
    KerasTensor images = toFloat(inputs);
    if (!training) {
      return images;
    }
    KerasTensor zy = uniformPerImage(images, 1, 1 + heightRange[0], 1 + heightRange[1], drawSeed(seed, 0));
    KerasTensor zx = widthRange == null ? zy
        : uniformPerImage(images, 1, 1 + widthRange[0], 1 + widthRange[1], drawSeed(seed, 1));
    KerasTensor height = dimension(images, -3);
    KerasTensor width = dimension(images, -2);
    KerasTensor xOffset = Ops.multiply(Ops.divide(Ops.subtract(width, 1.0), 2.0), Ops.subtract(1.0, zx));
    KerasTensor yOffset = Ops.multiply(Ops.divide(Ops.subtract(height, 1.0), 2.0), Ops.subtract(1.0, zy));
    KerasTensor transform = transformRows(zx, null, xOffset, null, zy, yOffset, null, null);
    return Ops.affineTransform(images, transform, interpolation, fillMode, fillValue);
  }

  public static RandomZoom fromConfig(Config config) {
    checkDataFormat(config);
    double[] width = config.get("width_factor") == null ? null : numbers(config, "width_factor");
    return new RandomZoom(numbers(config, "height_factor"), width)
        .fillMode(config.getString("fill_mode", "reflect"))
        .interpolation(config.getString("interpolation", "bilinear"))
        .fillValue(config.getDouble("fill_value", 0))
        .seed(seed(config));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height_factor", configValue(heightFactor));
    config.put("width_factor", widthFactor == null ? null : configValue(widthFactor));
    config.put("fill_mode", fillMode);
    config.put("interpolation", interpolation);
    config.put("seed", seedConfig(seed));
    config.put("fill_value", fillValue);
    return config;
  }
}
