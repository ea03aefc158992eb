package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 3-D convolution over volumes, as {@code keras.layers.Conv3D}: inputs {@code (batch, depth, height,
 * width, channels)}, kernel {@code (kd, kh, kw, channels / groups, filters)}, outputs {@code (batch,
 * newDepth, newHeight, newWidth, filters)}.
 */
public class Conv3D extends BaseConv<Conv3D> {

  /** {@code kernelSize}: one value for a cubic kernel, or {@code depth, height, width}. */
  public Conv3D(int filters, int... kernelSize) {
    super(3, filters, kernelSize);
  }

  public static Conv3D fromConfig(Config config) {
    return configure(new Conv3D(config.getInt("filters", 0), ConvArguments.ints(config, "kernel_size", new int[] {0})),
        config);
  }
}
