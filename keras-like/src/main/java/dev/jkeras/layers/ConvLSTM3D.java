package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 3-D convolutional LSTM, as {@code keras.layers.ConvLSTM3D}: an LSTM over the time steps of inputs
 * {@code (batch, time, depth, height, width, channels)} (or channels-first) whose gates are 3-D convolutions,
 * e.g. {@code new ConvLSTM3D(4, 3).padding("same").inputShape(5, 8, 16, 16, 1)}. See {@link ConvLSTM} for the
 * options.
 */
public class ConvLSTM3D extends ConvLSTM<ConvLSTM3D> {

  /** {@code filters} output channels and a cubic kernel of {@code kernelSize} (one value) or depth, height, width. */
  public ConvLSTM3D(int filters, int... kernelSize) {
    super(3, filters, kernelSize);
  }

  public static ConvLSTM3D fromConfig(Config config) {
    int[] saved = filtersAndKernel(config, "ConvLSTM3D");
    return configure(new ConvLSTM3D(saved[0], java.util.Arrays.copyOfRange(saved, 1, saved.length)), config);
  }
}
