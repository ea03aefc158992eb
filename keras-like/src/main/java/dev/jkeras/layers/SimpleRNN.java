package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code SimpleRNN}: a fully connected recurrent layer,
 * {@code h_t = activation(x_t . kernel + bias + h_{t-1} . recurrent_kernel)}, activation
 * {@code tanh} by default. Weights: kernel {@code (features, units)}, recurrent_kernel
 * {@code (units, units)}, bias {@code (units)}. See {@link Recurrent} for the options and inputs.
 */
public class SimpleRNN extends Recurrent<SimpleRNN> {

  public SimpleRNN(int units) {
    super(units);
  }

  /** {@code new SimpleRNN(32, "relu")}, as {@code SimpleRNN(32, activation="relu")}. */
  public SimpleRNN(int units, String activation) {
    this(units);
    activation(activation);
  }

  @Override
  protected int gates() {
    return 1;
  }

  @Override
  public String cellName() {
    return "simple_rnn_cell";
  }

  /** As Keras's SimpleRNN config, which (unlike LSTM's and GRU's) has no {@code seed}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.remove("seed");
    return config;
  }

  @Override
  protected boolean hasRecurrentActivation() {
    return false;
  }

  @Override
  protected List<KerasTensor> step(KerasTensor projectedInput, List<KerasTensor> states, KerasTensor recurrentMask) {
    return List.of(SimpleRNNCell.next(projectedInput, masked(states.get(0), recurrentMask), recurrentKernel().value(),
        this::activation));
  }

  public static SimpleRNN fromConfig(Config config) {
    return configure(new SimpleRNN(config.getInt("units", 0)), config);
  }
}
