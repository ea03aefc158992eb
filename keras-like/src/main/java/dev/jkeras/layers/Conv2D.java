package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 2-D convolution over images, as {@code keras.layers.Conv2D}: inputs {@code (batch, height, width,
 * channels)}, kernel {@code (kh, kw, channels, filters)}, outputs {@code (batch, newHeight, newWidth,
 * filters)}. {@code new Conv2D(32, 3).activation("relu")} is {@code Conv2D(32, 3, activation="relu")}.
 */
public class Conv2D extends BaseConv<Conv2D> {

  /** {@code kernelSize}: one value for a square kernel, or {@code height, width}. */
  public Conv2D(int filters, int... kernelSize) {
    super(2, filters, kernelSize);
  }

  public static Conv2D fromConfig(Config config) {
    return configure(new Conv2D(config.getInt("filters", 0), ConvArguments.ints(config, "kernel_size", new int[] {0})), config);
  }
}
