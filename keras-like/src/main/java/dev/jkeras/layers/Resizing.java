package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.ImageOps;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Resizes images to {@code (height, width)}, as Keras's {@code Resizing}: {@code interpolation} one of
 * bilinear (the default), nearest, bicubic, area, lanczos3, lanczos5; {@code cropToAspectRatio} first
 * crops the largest centered window of the target's aspect ratio, {@code padToAspectRatio} pads instead
 * with {@code fillValue}, so that images are not distorted. Float images come out float32; integer images
 * are rounded back to their dtype, saturating.
 */
public class Resizing extends BaseImagePreprocessingLayer {
  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;
  private boolean padToAspectRatio;
  private String fillMode = "constant";
  private double fillValue;
  private boolean antialias;

  public Resizing(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("Resizing needs a positive height and width, got " + height + " and "
          + width);
    }
    this.height = height;
    this.width = width;
  }

  /** One of {@link ImageOps#RESIZE_INTERPOLATIONS}. */
  public Resizing interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    this.interpolation = checkChoice("Resizing", "interpolation", interpolation, ImageOps.RESIZE_INTERPOLATIONS);
    return this;
  }

  /** Crops the largest centered window of the target's aspect ratio before resizing. */
  public Resizing cropToAspectRatio(boolean crop) {
    checkNotBuilt("cropToAspectRatio");
    checkNotBoth(crop, padToAspectRatio);
    this.cropToAspectRatio = crop;
    return this;
  }

  /** Pads the image (centered, with {@link #fillValue}) to the target's aspect ratio before resizing. */
  public Resizing padToAspectRatio(boolean pad) {
    checkNotBuilt("padToAspectRatio");
    checkNotBoth(cropToAspectRatio, pad);
    this.padToAspectRatio = pad;
    return this;
  }

  /** How padding is filled; Keras takes only {@code "constant"}. */
  public Resizing fillMode(String fillMode) {
    checkNotBuilt("fillMode");
    if (!"constant".equals(fillMode)) {
      throw new IllegalArgumentException("Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
          + "Received: fill_mode=" + fillMode);
    }
    this.fillMode = fillMode;
    return this;
  }

  /** The value padding takes with {@link #padToAspectRatio}. */
  public Resizing fillValue(double fillValue) {
    checkNotBuilt("fillValue");
    this.fillValue = fillValue;
    return this;
  }

  /** Filters with the kernel stretched over the input when downsampling (bilinear, bicubic, Lanczos). */
  public Resizing antialias(boolean antialias) {
    checkNotBuilt("antialias");
    this.antialias = antialias;
    return this;
  }

  private static void checkNotBoth(boolean crop, boolean pad) {
    if (crop && pad) {
      throw new IllegalArgumentException(
          "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    checkImages(inputs);
    KerasTensor resized = Ops.resize(inputs, height, width, interpolation, antialias, cropToAspectRatio,
        padToAspectRatio, fillMode, fillValue);
    return backTo(resized, inputs.dtype());
  }

  /** Keras's saturating cast of the resized values back to the input's dtype (rounded for integers). */
  static KerasTensor backTo(KerasTensor resized, DType dtype) {
    if (resized.dtype() == dtype || dtype == DType.BOOL || dtype == DType.STRING) {
      return resized;
    }
    if (dtype.isFloating()) {
      return Ops.cast(resized, dtype);
    }
    double[] range = switch (dtype) {
      case UINT8 -> new double[] {0, 255};
      case INT32 -> new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
      default -> new double[] {Long.MIN_VALUE, Long.MAX_VALUE};
    };
    return Ops.cast(Ops.clip(Ops.round(resized), range[0], range[1]), dtype);
  }

  public static Resizing fromConfig(Config config) {
    checkDataFormat(config);
    return new Resizing(config.getInt("height", 0), config.getInt("width", 0))
        .interpolation(config.getString("interpolation", "bilinear"))
        .cropToAspectRatio(config.getBoolean("crop_to_aspect_ratio", false))
        .padToAspectRatio(config.getBoolean("pad_to_aspect_ratio", false))
        .fillMode(config.getString("fill_mode", "constant"))
        .fillValue(config.getDouble("fill_value", 0))
        .antialias(config.getBoolean("antialias", false));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height", height);
    config.put("width", width);
    config.put("interpolation", interpolation);
    config.put("crop_to_aspect_ratio", cropToAspectRatio);
    config.put("pad_to_aspect_ratio", padToAspectRatio);
    config.put("fill_mode", fillMode);
    config.put("fill_value", fillValue);
    config.put("antialias", antialias);
    return config;
  }
}
