package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * What the augmentation layers that change pixel values share (RandomContrast, RandomBrightness): a
 * {@code factor} range, the {@code valueRange} of pixels the result is clipped to ({@code [0, 255]} by
 * default), and the {@code seed}. Identity at inference.
 *
 * @param <L> the layer's own type, which the fluent setters return
 */
public abstract class BaseColorAugmentation<L extends BaseColorAugmentation<L>> extends BaseRandomAugmentation<L> {
  /** The factor range {@code [lower, upper]} after Keras's checks. */
  protected final double[] factor;
  private double[] valueRange = {0, 255};

  /** {@code factor}, one number or a pair, checked against {@code [low, high]} as Keras's {@code _set_factor}. */
  protected BaseColorAugmentation(double[] factor, double low, double high) {
    this.factor = factorRange(factor, low, high);
  }

  /** The range of pixel values, {@code [0, 255]} by default ({@code [0, 1]} for rescaled images). */
  public L valueRange(double low, double high) {
    checkNotBuilt("valueRange");
    this.valueRange = new double[] {Math.min(low, high), Math.max(low, high)};
    return self();
  }

  /** The width of the value range. */
  protected double valueSpan() {
    return valueRange[1] - valueRange[0];
  }

  /** The adjusted float32 {@code images} of a training call, before clipping to the value range. */
  protected abstract KerasTensor adjust(KerasTensor images);

  @Override
  protected KerasTensor augment(KerasTensor images) {
    return Ops.clip(adjust(images), valueRange[0], valueRange[1]);
  }

  /** Applies the saved value range and seed of {@code config}. */
  protected L withSavedOptions(Config config) {
    checkDataFormat(config);
    if (config.get("value_range") != null) {
      double[] range = numbers(config, "value_range");
      if (range.length != 2) {
        throw new IllegalArgumentException("The `value_range` argument should be a list of two numbers. Received: "
            + "value_range=" + format(range));
      }
      valueRange(range[0], range[1]);
    }
    return seed(seed(config));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("factor", List.of(factor[0], factor[1]));
    config.put("value_range", List.of(valueRange[0], valueRange[1]));
    config.put("seed", seedConfig(seed()));
    return config;
  }
}
