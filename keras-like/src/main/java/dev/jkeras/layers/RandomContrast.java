package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Scales the contrast of each image by a random factor while training, as Keras's {@code RandomContrast}:
 * each channel becomes {@code (x - mean) * c + mean} (the mean over the image's pixels), clipped to
 * {@code valueRange}. {@code c} is drawn from {@code [1 - lower, 1 + upper]} where a number {@code factor}
 * in [0, 1] gives {@code [lower, upper] = [0, factor]} as in Keras 3.15 (which clamps the lower bound at 0),
 * and a pair gives {@code [lower, upper]} itself. Identity (cast to float32) at inference.
 */
public class RandomContrast extends BaseColorAugmentation<RandomContrast> {

  public RandomContrast(double factor) {
    super(new double[] {factor}, 0, 1);
  }

  public RandomContrast(double lower, double upper) {
    super(new double[] {lower, upper}, 0, 1);
  }

  private RandomContrast(double[] factor) {
    super(factor, 0, 1);
  }

  @Override
  protected KerasTensor adjust(KerasTensor images) {
    int rank = images.rank();
    KerasTensor contrast = uniformPerImage(images, rank - 1, 1 - factor[0], 1 + factor[1], seed());
    KerasTensor mean = Ops.mean(Ops.mean(images, new int[] {rank - 3}, true), new int[] {rank - 2}, true);
    return Ops.add(Ops.multiply(Ops.subtract(images, mean), contrast), mean);
  }

  public static RandomContrast fromConfig(Config config) {
    return new RandomContrast(numbers(config, "factor")).withSavedOptions(config);
  }
}
