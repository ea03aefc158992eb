package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 1-D separable convolution, as {@code keras.layers.SeparableConv1D}: a depthwise convolution of each
 * channel, then a pointwise (kernel size 1) convolution to {@code filters} channels. Inputs
 * {@code (batch, steps, channels)}, outputs {@code (batch, newSteps, filters)}.
 */
public class SeparableConv1D extends BaseSeparableConv<SeparableConv1D> {

  public SeparableConv1D(int filters, int kernelSize) {
    super(1, filters, kernelSize);
  }

  public static SeparableConv1D fromConfig(Config config) {
    return configure(new SeparableConv1D(config.getInt("filters", 0),
        ConvArguments.ints(config, "kernel_size", new int[] {0})[0]), config);
  }
}
