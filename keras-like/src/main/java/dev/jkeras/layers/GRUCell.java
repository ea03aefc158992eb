package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code GRUCell}, the step of {@link GRU}, with gates {@code z, r, h'} (that order) in the
 * kernels' column blocks: {@code z = sigmoid(x_z + r_z)}, {@code r = sigmoid(x_r + r_r)},
 * {@code h' = tanh(x_h + r * r_h)}, {@code h_t = z * h_{t-1} + (1 - z) * h'}, where {@code x_*} are
 * blocks of {@code x_t . kernel + input_bias} and {@code r_*} of {@code h_{t-1} . recurrent_kernel +
 * recurrent_bias}. With {@code resetAfter(true)} (Keras 3's default) the bias is {@code (2, 3 units)}:
 * input and recurrent rows; with {@code resetAfter(false)} it is {@code (3 units)} and the reset gate
 * applies before the product: {@code h' = tanh(x_h + (r * h_{t-1}) . recurrent_kernel_h)}. State:
 * {@code [h]}. Run it over sequences with {@code new RNN(new GRUCell(units))}; see {@link BaseRNNCell}
 * for the options.
 */
public class GRUCell extends BaseRNNCell<GRUCell> {
  private boolean resetAfter = true;

  public GRUCell(int units) {
    super(units);
  }

  /** {@code new GRUCell(32, "relu")}, as {@code GRUCell(32, activation="relu")}. */
  public GRUCell(int units, String activation) {
    this(units);
    activation(activation);
  }

  public boolean resetAfter() {
    return resetAfter;
  }

  /** Apply the reset gate after the recurrent product (true, Keras 3's default) or before it. */
  public GRUCell resetAfter(boolean resetAfter) {
    checkNotBuilt("resetAfter");
    this.resetAfter = resetAfter;
    return this;
  }

  @Override
  protected int gates() {
    return 3;
  }

  @Override
  protected Shape biasShape() {
    return resetAfter ? Shape.of(2, 3L * units()) : Shape.of(3L * units());
  }

  @Override
  protected KerasTensor inputBias() {
    if (bias() == null) {
      return null;
    }
    return resetAfter ? Ops.unstack(bias().value(), 0).get(0) : bias().value();
  }

  @Override
  protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
    KerasTensor h = states.get(0);
    KerasTensor mask = recurrentMask(h, training);
    KerasTensor inputBias = null;
    KerasTensor recurrentBias = null;
    if (bias() != null) {
      inputBias = inputBias();
      recurrentBias = resetAfter ? Ops.unstack(bias().value(), 0).get(1) : null;
    }
    KerasTensor next = next(projected(input, inputBias, training), h, mask == null ? h : Ops.multiply(h, mask),
        recurrentKernel().value(), recurrentBias, resetAfter, this::activation, this::recurrentActivation);
    return Output.of(next, next);
  }

  /**
   * The formula of the step, shared with {@link GRU}: the new {@code h} from {@code projected}
   * ({@code x_t . kernel + input_bias}), the previous output {@code h} and {@code hMasked} (the same
   * after recurrent dropout), and {@code recurrentBias} (null without one or without {@code resetAfter}).
   */
  static KerasTensor next(KerasTensor projected, KerasTensor h, KerasTensor hMasked, KerasTensor recurrentKernel,
      KerasTensor recurrentBias, boolean resetAfter, ActivationFunction activation,
      ActivationFunction recurrentActivation) {
    List<KerasTensor> x = Ops.split(projected, 3, 1);
    KerasTensor z;
    KerasTensor candidate;
    if (resetAfter) {
      KerasTensor inner = Ops.matmul(hMasked, recurrentKernel);
      if (recurrentBias != null) {
        inner = Ops.add(inner, recurrentBias);
      }
      List<KerasTensor> rec = Ops.split(inner, 3, 1);
      z = recurrentActivation.apply(Ops.add(x.get(0), rec.get(0)));
      KerasTensor r = recurrentActivation.apply(Ops.add(x.get(1), rec.get(1)));
      candidate = activation.apply(Ops.add(x.get(2), Ops.multiply(r, rec.get(2))));
    } else {
      List<KerasTensor> kernels = Ops.split(recurrentKernel, 3, 1);
      z = recurrentActivation.apply(Ops.add(x.get(0), Ops.matmul(hMasked, kernels.get(0))));
      KerasTensor r = recurrentActivation.apply(Ops.add(x.get(1), Ops.matmul(hMasked, kernels.get(1))));
      candidate = activation.apply(Ops.add(x.get(2), Ops.matmul(Ops.multiply(r, hMasked), kernels.get(2))));
    }
    return Ops.add(Ops.multiply(z, h), Ops.multiply(Ops.subtract(1.0, z), candidate));
  }

  @Override
  protected void putDropoutConfig(Map<String, Object> config) {
    config.put("reset_after", resetAfter);
  }

  public static GRUCell fromConfig(Config config) {
    GRUCell cell = new GRUCell(config.getInt("units", 0));
    cell.resetAfter(config.getBoolean("reset_after", true));
    return configure(cell, config);
  }
}
