package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 2-D depthwise convolution, as {@code keras.layers.DepthwiseConv2D}: inputs {@code (batch, height,
 * width, channels)}, kernel {@code (kh, kw, channels, depthMultiplier)}, outputs {@code (batch,
 * newHeight, newWidth, channels * depthMultiplier)}; each channel is filtered on its own.
 * {@code new DepthwiseConv2D(3).depthMultiplier(2)} is {@code DepthwiseConv2D(3, depth_multiplier=2)}.
 */
public class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {

  /** {@code kernelSize}: one value for a square kernel, or {@code height, width}. */
  public DepthwiseConv2D(int... kernelSize) {
    super(2, kernelSize);
  }

  public static DepthwiseConv2D fromConfig(Config config) {
    return configure(new DepthwiseConv2D(ConvArguments.ints(config, "kernel_size", new int[] {0})), config);
  }
}
