package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Scales the contrast of each image by a random factor while training, as Keras's {@code RandomContrast}:
 * each channel becomes {@code (x - mean) * c + mean} (the mean over the image's pixels), clipped to
 * {@code valueRange}. {@code c} is drawn from {@code [1 - lower, 1 + upper]} where a number {@code factor}
 * in [0, 1] gives {@code [lower, upper] = [0, factor]} as in Keras 3.15 (which clamps the lower bound at 0),
 * and a pair gives {@code [lower, upper]} itself. Identity at inference.
 */
public class RandomContrast extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};
  private long seed;

  public RandomContrast(double factor) {
    this.factor = factorRange(new double[] {factor}, 0, 1);
  }

  public RandomContrast(double lower, double upper) {
    this.factor = factorRange(new double[] {lower, upper}, 0, 1);
  }

  private RandomContrast(double[] factor) {
    this.factor = factorRange(factor, 0, 1);
  }

  /** The range pixel values are clipped to, {@code [0, 255]} by default ({@code [0, 1]} for rescaled images). */
  public RandomContrast valueRange(double low, double high) {
    checkNotBuilt("valueRange");
    this.valueRange = new double[] {low, high};
    return this;
  }

  /** A fixed seed for the factors (0: the global seed's sequence, or unseeded). */
  public RandomContrast seed(long seed) {
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
    int rank = images.rank();
    KerasTensor contrast = uniformPerImage(images, rank - 1, 1 - factor[0], 1 + factor[1], seed);
    KerasTensor mean = Ops.mean(Ops.mean(images, new int[] {rank - 3}, true), new int[] {rank - 2}, true);
    KerasTensor adjusted = Ops.add(Ops.multiply(Ops.subtract(images, mean), contrast), mean);
    return Ops.clip(adjusted, valueRange[0], valueRange[1]);
  }

  public static RandomContrast fromConfig(Config config) {
    checkDataFormat(config);
    RandomContrast layer = new RandomContrast(numbers(config, "factor")).seed(seed(config));
    if (config.get("value_range") != null) {
      double[] range = numbers(config, "value_range");
      layer.valueRange(range[0], range[range.length - 1]);
    }
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("factor", List.of(factor[0], factor[1]));
    config.put("value_range", List.of(valueRange[0], valueRange[1]));
    config.put("seed", seedConfig(seed));
    return config;
  }
}
