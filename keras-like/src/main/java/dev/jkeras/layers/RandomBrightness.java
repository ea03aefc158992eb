package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Adds a random brightness offset to each image while training, as Keras's {@code RandomBrightness}: the
 * offset is drawn from {@code factor * (high - low)} of {@code valueRange} ({@code factor} 0.2: within
 * [-0.2, 0.2]; a pair gives the range, each in [-1, 1]), and the result is clipped to {@code valueRange}.
 * Identity (cast to float32) at inference.
 */
public class RandomBrightness extends BaseColorAugmentation<RandomBrightness> {

  public RandomBrightness(double factor) {
    super(new double[] {factor}, -1, 1);
  }

  public RandomBrightness(double lower, double upper) {
    super(new double[] {lower, upper}, -1, 1);
  }

  private RandomBrightness(double[] factor) {
    super(factor, -1, 1);
  }

  @Override
  protected KerasTensor adjust(KerasTensor images) {
    double span = valueSpan();
    return Ops.add(images, uniformPerImage(images, images.rank() - 1, factor[0] * span, factor[1] * span, seed()));
  }

  public static RandomBrightness fromConfig(Config config) {
    return new RandomBrightness(numbers(config, "factor")).withSavedOptions(config);
  }
}
