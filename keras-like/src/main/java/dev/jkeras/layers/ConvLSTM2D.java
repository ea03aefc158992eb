package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 2-D convolutional LSTM, as {@code keras.layers.ConvLSTM2D}: an LSTM over the time steps of inputs
 * {@code (batch, time, height, width, channels)} (or channels-first) whose gates are 2-D convolutions, e.g.
 * {@code new ConvLSTM2D(8, 3).padding("same").inputShape(10, 32, 32, 1)}. See {@link ConvLSTM} for the options.
 */
public class ConvLSTM2D extends ConvLSTM<ConvLSTM2D> {

  /** {@code filters} output channels and a square kernel of {@code kernelSize} (one value) or {@code height, width}. */
  public ConvLSTM2D(int filters, int... kernelSize) {
    super(2, filters, kernelSize);
  }

  public static ConvLSTM2D fromConfig(Config config) {
    int[] saved = filtersAndKernel(config, "ConvLSTM2D");
    return configure(new ConvLSTM2D(saved[0], java.util.Arrays.copyOfRange(saved, 1, saved.length)), config);
  }
}
