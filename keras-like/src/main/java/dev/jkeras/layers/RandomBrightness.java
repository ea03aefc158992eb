package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Adds a random brightness offset to each image while training, as Keras's {@code RandomBrightness}: the
 * offset is drawn from {@code factor * (high - low)} of {@code valueRange} ({@code factor} 0.2: within
 * [-0.2, 0.2]; a pair gives the range, each in [-1, 1]), and the result is clipped to {@code valueRange}.
 * Identity at inference.
 */
public class RandomBrightness extends BaseImagePreprocessingLayer {
  private final double[] factor;
  private double[] valueRange = {0, 255};
  private long seed;

  public RandomBrightness(double factor) {
    this.factor = factorRange(new double[] {factor}, -1, 1);
  }

  public RandomBrightness(double lower, double upper) {
    this.factor = factorRange(new double[] {lower, upper}, -1, 1);
  }

  private RandomBrightness(double[] factor) {
    this.factor = factorRange(factor, -1, 1);
  }

  /** The range of pixel values, {@code [0, 255]} by default; the offset scales with it. */
  public RandomBrightness valueRange(double low, double high) {
    checkNotBuilt("valueRange");
    this.valueRange = new double[] {Math.min(low, high), Math.max(low, high)};
    return this;
  }

  /** A fixed seed for the offsets (0: the global seed's sequence, or unseeded). */
  public RandomBrightness seed(long seed) {
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
    double span = valueRange[1] - valueRange[0];
    KerasTensor delta = uniformPerImage(images, images.rank() - 1, factor[0] * span, factor[1] * span, seed);
    return Ops.clip(Ops.add(images, delta), valueRange[0], valueRange[1]);
  }

  public static RandomBrightness fromConfig(Config config) {
    checkDataFormat(config);
    RandomBrightness layer = new RandomBrightness(numbers(config, "factor")).seed(seed(config));
    if (config.get("value_range") != null) {
      double[] range = numbers(config, "value_range");
      if (range.length != 2) {
        throw new IllegalArgumentException("The `value_range` argument should be a list of two numbers. Received: "
            + "value_range=" + format(range));
      }
      layer.valueRange(range[0], range[1]);
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
