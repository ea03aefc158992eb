package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 1-D convolution over sequences, as {@code keras.layers.Conv1D}: inputs {@code (batch, steps,
 * channels)}, kernel {@code (k, channels, filters)}, outputs {@code (batch, newSteps, filters)}.
 * Padding may also be {@code "causal"} (left padding, so output {@code t} sees inputs up to {@code t}).
 */
public class Conv1D extends BaseConv<Conv1D> {

  public Conv1D(int filters, int kernelSize) {
    super(1, filters, kernelSize);
  }

  @Override
  String[] allowedPaddings() {
    return new String[] {"valid", "same", "causal"};
  }

  public static Conv1D fromConfig(Config config) {
    int[] kernelSize = ConvArguments.ints(config, "kernel_size", new int[] {0});
    return configure(new Conv1D(config.getInt("filters", 0), kernelSize[0]), config);
  }
}
