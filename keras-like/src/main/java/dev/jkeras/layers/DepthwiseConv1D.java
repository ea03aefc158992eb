package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 1-D depthwise convolution, as {@code keras.layers.DepthwiseConv1D}: inputs {@code (batch, steps,
 * channels)}, kernel {@code (k, channels, depthMultiplier)}, outputs {@code (batch, newSteps, channels *
 * depthMultiplier)}; each channel is filtered on its own.
 */
public class DepthwiseConv1D extends BaseDepthwiseConv<DepthwiseConv1D> {

  public DepthwiseConv1D(int kernelSize) {
    super(1, kernelSize);
  }

  public static DepthwiseConv1D fromConfig(Config config) {
    return configure(new DepthwiseConv1D(ConvArguments.ints(config, "kernel_size", new int[] {0})[0]), config);
  }
}
