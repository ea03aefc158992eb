package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Shifts each image by a random offset while training, as Keras's {@code RandomTranslation}: up or down
 * by a fraction of its height drawn from {@code heightFactor} ({@code 0.2}: within [-0.2, 0.2]; a pair
 * gives the range), left or right by a fraction of its width drawn from {@code widthFactor}. Points from
 * outside are filled by {@code fillMode}. Identity (cast to float32) at inference.
 */
public class RandomTranslation extends BaseImagePreprocessingLayer {
  private static final String FACTOR_ERROR = "The `factor` argument should be a number (or a list of two "
      + "numbers) in the range [-1.0, 1.0]. ";
  private final double[] heightFactor;
  private final double[] widthFactor;
  private final double[] heightRange;
  private final double[] widthRange;
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;
  private long seed;

  public RandomTranslation(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  /** Translations with {@code [lower, upper]} ranges (fractions of the height and of the width). */
  public RandomTranslation(double[] heightFactor, double[] widthFactor) {
    this.heightFactor = heightFactor.clone();
    this.widthFactor = widthFactor.clone();
    this.heightRange = range(heightFactor, "height_factor");
    this.widthRange = range(widthFactor, "width_factor");
  }

  /** Keras's translation factor checks: each number in [-1, 1]; a number {@code f} gives {@code [-|f|, |f|]}. */
  private static double[] range(double[] factor, String name) {
    if (factor.length != 1 && factor.length != 2) {
      throw new IllegalArgumentException(FACTOR_ERROR + "Received: " + name + "=" + format(factor));
    }
    for (double f : factor) {
      if (!(f <= 1.0 && f >= -1.0)) {
        throw new IllegalArgumentException(FACTOR_ERROR + "Received: input_number=" + f);
      }
    }
    return factor.length == 1 ? new double[] {-Math.abs(factor[0]), Math.abs(factor[0])}
        : new double[] {Math.min(factor[0], factor[1]), Math.max(factor[0], factor[1])};
  }

  /** One of reflect (the default), wrap, constant, nearest. */
  public RandomTranslation fillMode(String fillMode) {
    checkNotBuilt("fillMode");
    checkTransformOptions("RandomTranslation", interpolation, fillMode);
    this.fillMode = fillMode;
    return this;
  }

  /** bilinear (the default) or nearest. */
  public RandomTranslation interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    checkTransformOptions("RandomTranslation", interpolation, fillMode);
    this.interpolation = interpolation;
    return this;
  }

  public RandomTranslation fillValue(double fillValue) {
    checkNotBuilt("fillValue");
    this.fillValue = fillValue;
    return this;
  }

  /** A fixed seed for the offsets (0: the global seed's sequence, or unseeded). */
  public RandomTranslation seed(long seed) {
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
    KerasTensor dy = Ops.multiply(uniformPerImage(images, 1, heightRange[0], heightRange[1], drawSeed(seed, 0)),
        dimension(images, -3));
    KerasTensor dx = Ops.multiply(uniformPerImage(images, 1, widthRange[0], widthRange[1], drawSeed(seed, 1)),
        dimension(images, -2));
    KerasTensor one = Ops.add(Ops.multiply(dx, 0.0), 1.0);
    KerasTensor transform = transformRows(one, null, Ops.negative(dx), null, one, Ops.negative(dy), null, null);
    return Ops.affineTransform(images, transform, interpolation, fillMode, fillValue);
  }

  public static RandomTranslation fromConfig(Config config) {
    checkDataFormat(config);
    return new RandomTranslation(numbers(config, "height_factor"), numbers(config, "width_factor"))
        .fillMode(config.getString("fill_mode", "reflect"))
        .interpolation(config.getString("interpolation", "bilinear"))
        .fillValue(config.getDouble("fill_value", 0))
        .seed(seed(config));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height_factor", configValue(heightFactor));
    config.put("width_factor", configValue(widthFactor));
    config.put("fill_mode", fillMode);
    config.put("interpolation", interpolation);
    config.put("seed", seedConfig(seed));
    config.put("fill_value", fillValue);
    return config;
  }
}
