package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Rotates each image by a random angle about its center while training, as Keras's {@code RandomRotation}:
 * the angle is drawn uniformly from {@code factor * 360} degrees ({@code factor} 0.1: up to 36 degrees
 * either way; a pair {@code (lower, upper)} gives that range), positive counter-clockwise. Points from
 * outside the image are filled by {@code fillMode} (reflect, wrap, constant with {@code fillValue},
 * nearest). Identity (cast to float32) at inference.
 */
public class RandomRotation extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;
  private long seed;

  /** Angles within {@code [-|factor|, |factor|] * 360} degrees, {@code factor} in [-1, 1]. */
  public RandomRotation(double factor) {
    this.factor = factorRange(new double[] {factor}, -1, 1);
  }

  /** Angles within {@code [lower, upper] * 360} degrees. */
  public RandomRotation(double lower, double upper) {
    this.factor = factorRange(new double[] {lower, upper}, -1, 1);
  }

  private RandomRotation(double[] factor) {
    this.factor = factorRange(factor, -1, 1);
  }

  /** One of reflect (the default), wrap, constant, nearest. */
  public RandomRotation fillMode(String fillMode) {
    checkNotBuilt("fillMode");
    checkTransformOptions("RandomRotation", interpolation, fillMode);
    this.fillMode = fillMode;
    return this;
  }

  /** bilinear (the default) or nearest. */
  public RandomRotation interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    checkTransformOptions("RandomRotation", interpolation, fillMode);
    this.interpolation = interpolation;
    return this;
  }

  /** The value of points outside the image with {@code fillMode("constant")}. */
  public RandomRotation fillValue(double fillValue) {
    checkNotBuilt("fillValue");
    this.fillValue = fillValue;
    return this;
  }

  /** A fixed seed for the angles (0: the global seed's sequence, or unseeded). */
  public RandomRotation seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  /** The angle range as fractions of a full turn, {@code [lower, upper]}. */
  public double[] factor() {
    return factor.clone();
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    checkImages(inputs);
    KerasTensor images = toFloat(inputs);
    if (!training) {
      return images;
    }
    KerasTensor degrees = uniformPerImage(images, 1, factor[0] * 360, factor[1] * 360, seed);
    KerasTensor angle = Ops.multiply(degrees, Math.PI / 180);
    return Ops.affineTransform(images, rotation(angle, dimension(images, -3), dimension(images, -2)),
        interpolation, fillMode, fillValue);
  }

  /** Keras's rotation matrices about the image center for {@code (batch, 1)} angles in radians. */
  static KerasTensor rotation(KerasTensor angle, KerasTensor height, KerasTensor width) {
    KerasTensor cx = Ops.multiply(Ops.subtract(width, 1.0), 0.5);
    KerasTensor cy = Ops.multiply(Ops.subtract(height, 1.0), 0.5);
    KerasTensor cos = Ops.cos(angle);
    KerasTensor sin = Ops.sin(angle);
    KerasTensor a0 = cos;
    KerasTensor a1 = Ops.negative(sin);
    KerasTensor a2 = Ops.subtract(Ops.subtract(cx, Ops.multiply(cx, a0)), Ops.multiply(cy, a1));
    KerasTensor b0 = sin;
    KerasTensor b1 = cos;
    KerasTensor b2 = Ops.subtract(Ops.subtract(cy, Ops.multiply(cx, b0)), Ops.multiply(cy, b1));
    return transformRows(a0, a1, a2, b0, b1, b2, null, null);
  }

  public static RandomRotation fromConfig(Config config) {
    checkDataFormat(config);
    return new RandomRotation(numbers(config, "factor"))
        .fillMode(config.getString("fill_mode", "reflect"))
        .interpolation(config.getString("interpolation", "bilinear"))
        .fillValue(config.getDouble("fill_value", 0))
        .seed(seed(config));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("factor", List.of(factor[0], factor[1]));
    config.put("fill_mode", fillMode);
    config.put("fill_value", fillValue);
    config.put("interpolation", interpolation);
    config.put("seed", seedConfig(seed));
    return config;
  }
}
