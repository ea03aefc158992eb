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
public class RandomZoom extends BaseAffineAugmentation<RandomZoom> {
  private static final String FACTOR_ERROR = "The `height_factor` and `width_factor` arguments should be a "
      + "number (or a list of two numbers) in the range (-1.0, 1.0]. ";
  private final double[] heightFactor;
  private final double[] widthFactor;
  private final double[] heightRange;
  private final double[] widthRange;

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
    this.heightRange = eachInRange(heightFactor, "height_factor", FACTOR_ERROR, -1, true);
    this.widthFactor = widthFactor == null ? null : widthFactor.clone();
    this.widthRange = widthFactor == null ? null : eachInRange(widthFactor, "width_factor", FACTOR_ERROR, -1, true);
  }

  @Override
  protected KerasTensor transforms(KerasTensor images) {
    KerasTensor zy = uniformPerImage(images, 1, 1 + heightRange[0], 1 + heightRange[1], drawSeed(seed(), 0));
    KerasTensor zx = widthRange == null ? zy
        : uniformPerImage(images, 1, 1 + widthRange[0], 1 + widthRange[1], drawSeed(seed(), 1));
    KerasTensor height = dimension(images, -3);
    KerasTensor width = dimension(images, -2);
    KerasTensor xOffset = Ops.multiply(Ops.divide(Ops.subtract(width, 1.0), 2.0), Ops.subtract(1.0, zx));
    KerasTensor yOffset = Ops.multiply(Ops.divide(Ops.subtract(height, 1.0), 2.0), Ops.subtract(1.0, zy));
    return transformRows(zx, null, xOffset, null, zy, yOffset, null, null);
  }

  public static RandomZoom fromConfig(Config config) {
    double[] width = config.get("width_factor") == null ? null : numbers(config, "width_factor");
    return new RandomZoom(numbers(config, "height_factor"), width).withSavedOptions(config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height_factor", configValue(heightFactor));
    config.put("width_factor", widthFactor == null ? null : configValue(widthFactor));
    return config;
  }
}
