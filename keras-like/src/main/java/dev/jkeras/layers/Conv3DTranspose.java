package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * Transposed 3-D convolution, as {@code keras.layers.Conv3DTranspose}: inputs {@code (batch, depth,
 * height, width, channels)}, kernel {@code (kd, kh, kw, filters, channels)}, outputs {@code (batch,
 * newDepth, newHeight, newWidth, filters)}, each new size as for {@link Conv2DTranspose}.
 */
public class Conv3DTranspose extends BaseConvTranspose<Conv3DTranspose> {

  /** {@code kernelSize}: one value for a cubic kernel, or {@code depth, height, width}. */
  public Conv3DTranspose(int filters, int... kernelSize) {
    super(3, filters, kernelSize);
  }

  public static Conv3DTranspose fromConfig(Config config) {
    return configureTranspose(new Conv3DTranspose(config.getInt("filters", 0),
        ConvArguments.ints(config, "kernel_size", new int[] {0})), config);
  }
}
