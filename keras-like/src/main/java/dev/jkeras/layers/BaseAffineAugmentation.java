package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The options of the augmentation layers that move pixels by an affine transform (RandomRotation,
 * RandomZoom, RandomTranslation): how points from outside the image are filled ({@code fillMode}
 * reflect, wrap, constant with {@code fillValue}, nearest), the {@code interpolation} (bilinear or
 * nearest), and the {@code seed}. Subclasses draw the per-image transforms while training.
 *
 * @param <L> the layer's own type, which the fluent setters return
 */
public abstract class BaseAffineAugmentation<L extends BaseAffineAugmentation<L>> extends BaseRandomAugmentation<L> {
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;

  protected BaseAffineAugmentation() {}

  /** One of reflect (the default), wrap, constant, nearest. */
  public L fillMode(String fillMode) {
    checkNotBuilt("fillMode");
    checkTransformOptions(getClass().getSimpleName(), interpolation, fillMode);
    this.fillMode = fillMode;
    return self();
  }

  /** bilinear (the default) or nearest. */
  public L interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    checkTransformOptions(getClass().getSimpleName(), interpolation, fillMode);
    this.interpolation = interpolation;
    return self();
  }

  /** The value of points from outside the image with {@code fillMode("constant")}. */
  public L fillValue(double fillValue) {
    checkNotBuilt("fillValue");
    this.fillValue = fillValue;
    return self();
  }

  /** The per-image transforms {@code (batch, 8)} of a training call on float32 {@code images}. */
  protected abstract KerasTensor transforms(KerasTensor images);

  @Override
  protected KerasTensor augment(KerasTensor images) {
    return Ops.affineTransform(images, transforms(images), interpolation, fillMode, fillValue);
  }

  /** Keras's check of translation and zoom factors: every number in {@code [low, 1]} ({@code (low, 1]} when {@code openLow}). */
  protected static double[] eachInRange(double[] factor, String name, String message, double low, boolean openLow) {
    if (factor.length != 1 && factor.length != 2) {
      throw new IllegalArgumentException(message + "Received: " + name + "=" + format(factor));
    }
    for (double f : factor) {
      boolean aboveLow = openLow ? f > low : f >= low;
      if (!(f <= 1.0 && aboveLow)) {
        throw new IllegalArgumentException(message + "Received: input_number=" + f);
      }
    }
    return factor.length == 1 ? new double[] {-Math.abs(factor[0]), Math.abs(factor[0])}
        : new double[] {Math.min(factor[0], factor[1]), Math.max(factor[0], factor[1])};
  }

  /** Applies the saved fill mode, interpolation, fill value and seed of {@code config}. */
  protected L withSavedOptions(Config config) {
    checkDataFormat(config);
    return fillMode(config.getString("fill_mode", "reflect"))
        .interpolation(config.getString("interpolation", "bilinear"))
        .fillValue(config.getDouble("fill_value", 0))
        .seed(seed(config));
  }

  /** The base config and the transform options; subclasses add their factors. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("fill_mode", fillMode);
    config.put("fill_value", fillValue);
    config.put("interpolation", interpolation);
    config.put("seed", seedConfig(seed()));
    return config;
  }
}
