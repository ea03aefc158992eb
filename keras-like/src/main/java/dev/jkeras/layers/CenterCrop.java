package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Crops the central {@code height x width} window of images, as Keras's {@code CenterCrop}; an image
 * smaller than the target is cropped to the target's aspect ratio and resized (bilinear) instead.
 * Outputs are float32.
 */
public class CenterCrop extends BaseImagePreprocessingLayer {
  private final int height;
  private final int width;

  public CenterCrop(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("CenterCrop needs a positive height and width, got " + height + " and "
          + width);
    }
    this.height = height;
    this.width = width;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    checkImages(inputs);
    return centerCrop(toFloat(inputs), height, width);
  }

  /**
   * The central window of {@code images} (float32), or when they are smaller than it, the largest centered
   * window of its aspect ratio resized to it (Keras's {@code smart_resize}).
   */
  static KerasTensor centerCrop(KerasTensor images, int height, int width) {
    int rank = images.rank();
    long inputHeight = images.shape().get(rank - 3);
    long inputWidth = images.shape().get(rank - 2);
    boolean known = inputHeight >= 0 && inputWidth >= 0;
    if (known && (inputHeight < height || inputWidth < width)) {
      return Ops.resize(images, height, width, "bilinear", false, true, false, "constant", 0);
    }
    if (known) {
      return Ops.cropImages(images, (int) (inputHeight - height) / 2, (int) (inputWidth - width) / 2, height, width);
    }
    return Ops.cropImages(images, halfOf(images, rank - 3, height), halfOf(images, rank - 2, width), height, width);
  }

  /** {@code (size of axis - target) // 2} at run time. */
  private static KerasTensor halfOf(KerasTensor images, int axis, int target) {
    KerasTensor size = Ops.cast(Ops.unstack(Ops.shape(images), 0).get(axis), DType.FLOAT32);
    return Ops.cast(Ops.floor(Ops.divide(Ops.subtract(size, target), 2.0)), DType.INT32);
  }

  public static CenterCrop fromConfig(Config config) {
    checkDataFormat(config);
    return new CenterCrop(config.getInt("height", 0), config.getInt("width", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("height", height);
    config.put("width", width);
    return config;
  }
}
