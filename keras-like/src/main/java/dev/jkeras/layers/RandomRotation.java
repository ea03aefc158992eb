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
public class RandomRotation extends BaseAffineAugmentation<RandomRotation> {
  private final double[] factor;

  /** Angles within {@code [-|factor|, |factor|] * 360} degrees, {@code factor} in [-1, 1]. */
  public RandomRotation(double factor) {
    this(new double[] {factor});
  }

  /** Angles within {@code [lower, upper] * 360} degrees. */
  public RandomRotation(double lower, double upper) {
    this(new double[] {lower, upper});
  }

  private RandomRotation(double[] factor) {
    this.factor = factorRange(factor, -1, 1);
  }

  /** The angle range as fractions of a full turn, {@code [lower, upper]}. */
  public double[] factor() {
    return factor.clone();
  }

  @Override
  protected KerasTensor transforms(KerasTensor images) {
    KerasTensor degrees = uniformPerImage(images, 1, factor[0] * 360, factor[1] * 360, seed());
    KerasTensor angle = Ops.multiply(degrees, Math.PI / 180);
    return rotation(angle, dimension(images, -3), dimension(images, -2));
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
    return new RandomRotation(numbers(config, "factor")).withSavedOptions(config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("factor", List.of(factor[0], factor[1]));
    return config;
  }
}
