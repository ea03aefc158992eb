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
public class RandomTranslation extends BaseAffineAugmentation<RandomTranslation> {
  private static final String FACTOR_ERROR = "The `factor` argument should be a number (or a list of two "
      + "numbers) in the range [-1.0, 1.0]. ";
  private final double[] heightFactor;
  private final double[] widthFactor;
  private final double[] heightRange;
  private final double[] widthRange;

  public RandomTranslation(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  /** Translations with {@code [lower, upper]} ranges (fractions of the height and of the width). */
  public RandomTranslation(double[] heightFactor, double[] widthFactor) {
    this.heightFactor = heightFactor.clone();
    this.widthFactor = widthFactor.clone();
    this.heightRange = eachInRange(heightFactor, "height_factor", FACTOR_ERROR, -1, false);
    this.widthRange = eachInRange(widthFactor, "width_factor", FACTOR_ERROR, -1, false);
  }

  @Override
  protected KerasTensor transforms(KerasTensor images) {
    KerasTensor dy = Ops.multiply(uniformPerImage(images, 1, heightRange[0], heightRange[1], drawSeed(seed(), 0)),
        dimension(images, -3));
    KerasTensor dx = Ops.multiply(uniformPerImage(images, 1, widthRange[0], widthRange[1], drawSeed(seed(), 1)),
        dimension(images, -2));
    KerasTensor one = Ops.add(Ops.multiply(dx, 0.0), 1.0);
    return transformRows(one, null, Ops.negative(dx), null, one, Ops.negative(dy), null, null);
  }

  public static RandomTranslation fromConfig(Config config) {
    return new RandomTranslation(numbers(config, "height_factor"), numbers(config, "width_factor"))
        .withSavedOptions(config);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height_factor", configValue(heightFactor));
    config.put("width_factor", configValue(widthFactor));
    return config;
  }
}
