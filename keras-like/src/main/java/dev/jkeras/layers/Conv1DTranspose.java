package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * Transposed 1-D convolution (sometimes called deconvolution), as {@code keras.layers.Conv1DTranspose}:
 * inputs {@code (batch, steps, channels)}, kernel {@code (k, filters, channels)}, outputs
 * {@code (batch, newSteps, filters)} where, without {@code outputPadding}, {@code newSteps} is
 * {@code steps * strides} for {@code "same"} padding and {@code steps * strides + max(k' - strides, 0)}
 * for {@code "valid"} ({@code k'} the dilated kernel size).
 */
public class Conv1DTranspose extends BaseConvTranspose<Conv1DTranspose> {

  public Conv1DTranspose(int filters, int kernelSize) {
    super(1, filters, kernelSize);
  }

  public static Conv1DTranspose fromConfig(Config config) {
    int[] kernelSize = ConvArguments.ints(config, "kernel_size", new int[] {0});
    return configureTranspose(new Conv1DTranspose(config.getInt("filters", 0), kernelSize[0]), config);
  }
}
