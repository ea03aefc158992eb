package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 2-D separable convolution, as {@code keras.layers.SeparableConv2D}: a depthwise convolution of each
 * channel, then a 1x1 convolution to {@code filters} channels. Inputs {@code (batch, height, width,
 * channels)}, outputs {@code (batch, newHeight, newWidth, filters)}; weights {@code depthwise_kernel}
 * {@code (kh, kw, channels, depthMultiplier)}, {@code pointwise_kernel} {@code (1, 1, channels *
 * depthMultiplier, filters)} and {@code bias}.
 */
public class SeparableConv2D extends BaseSeparableConv<SeparableConv2D> {

  /** {@code kernelSize}: one value for a square kernel, or {@code height, width}. */
  public SeparableConv2D(int filters, int... kernelSize) {
    super(2, filters, kernelSize);
  }

  public static SeparableConv2D fromConfig(Config config) {
    return configure(new SeparableConv2D(config.getInt("filters", 0),
        ConvArguments.ints(config, "kernel_size", new int[] {0})), config);
  }
}
