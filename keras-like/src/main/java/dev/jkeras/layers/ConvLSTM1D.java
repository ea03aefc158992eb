package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * 1-D convolutional LSTM, as {@code keras.layers.ConvLSTM1D}: an LSTM over the time steps of inputs
 * {@code (batch, time, steps, channels)} (or channels-first) whose gates are 1-D convolutions, e.g.
 * {@code new ConvLSTM1D(8, 3).inputShape(10, 16, 2)}. See {@link ConvLSTM} for the options.
 */
public class ConvLSTM1D extends ConvLSTM<ConvLSTM1D> {

  /** {@code filters} output channels and {@code kernelSize} steps. */
  public ConvLSTM1D(int filters, int... kernelSize) {
    super(1, filters, kernelSize);
  }

  public static ConvLSTM1D fromConfig(Config config) {
    int[] saved = filtersAndKernel(config, "ConvLSTM1D");
    return configure(new ConvLSTM1D(saved[0], java.util.Arrays.copyOfRange(saved, 1, saved.length)), config);
  }
}
