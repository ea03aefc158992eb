package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;

/**
 * Keras's {@code SimpleRNNCell}, the step of {@link SimpleRNN}:
 * {@code h_t = activation(x_t . kernel + bias + h_{t-1} . recurrent_kernel)}. Weights: kernel
 * {@code (features, units)}, recurrent_kernel {@code (units, units)}, bias {@code (units)}. State:
 * {@code [h]}. Run it over sequences with {@code new RNN(new SimpleRNNCell(units))}; see
 * {@link BaseRNNCell} for the options.
 */
public class SimpleRNNCell extends BaseRNNCell<SimpleRNNCell> {

  public SimpleRNNCell(int units) {
    super(units);
  }

  /** {@code new SimpleRNNCell(32, "relu")}, as {@code SimpleRNNCell(32, activation="relu")}. */
  public SimpleRNNCell(int units, String activation) {
    this(units);
    activation(activation);
  }

  @Override
  protected int gates() {
    return 1;
  }

  @Override
  protected boolean hasRecurrentActivation() {
    return false;
  }

  @Override
  protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
    KerasTensor h = states.get(0);
    KerasTensor mask = recurrentMask(h, training);
    KerasTensor next = next(projected(input, bias() == null ? null : bias().value(), training),
        mask == null ? h : Ops.multiply(h, mask), recurrentKernel().value(), this::activation);
    return Output.of(next, next);
  }

  /**
   * The formula of the step, shared with {@link SimpleRNN}: {@code activation(projected + h .
   * recurrentKernel)}, where {@code projected} is {@code x_t . kernel + bias} and {@code h} the
   * previous output (after recurrent dropout).
   */
  static KerasTensor next(KerasTensor projected, KerasTensor h, KerasTensor recurrentKernel,
      ActivationFunction activation) {
    return activation.apply(Ops.add(projected, Ops.matmul(h, recurrentKernel)));
  }

  public static SimpleRNNCell fromConfig(Config config) {
    return configure(new SimpleRNNCell(config.getInt("units", 0)), config);
  }
}
