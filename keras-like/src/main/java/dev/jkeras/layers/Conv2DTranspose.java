package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * Transposed 2-D convolution (sometimes called deconvolution), as {@code keras.layers.Conv2DTranspose}:
 * inputs {@code (batch, height, width, channels)}, kernel {@code (kh, kw, filters, channels)}, outputs
 * {@code (batch, newHeight, newWidth, filters)}; without {@code outputPadding} each new size is
 * {@code n * strides} for {@code "same"} padding and {@code n * strides + max(k' - strides, 0)} for
 * {@code "valid"}. {@code new Conv2DTranspose(16, 3).strides(2).padding("same")} doubles the height and width.
 */
public class Conv2DTranspose extends BaseConvTranspose<Conv2DTranspose> {

  /** {@code kernelSize}: one value for a square kernel, or {@code height, width}. */
  public Conv2DTranspose(int filters, int... kernelSize) {
    super(2, filters, kernelSize);
  }

  public static Conv2DTranspose fromConfig(Config config) {
    return configureTranspose(new Conv2DTranspose(config.getInt("filters", 0),
        ConvArguments.ints(config, "kernel_size", new int[] {0})), config);
  }
}
