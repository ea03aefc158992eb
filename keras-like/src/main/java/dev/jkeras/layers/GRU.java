package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code GRU}, gated recurrent unit, with gates {@code z, r, h'} (that order) in the
 * kernels' column blocks: {@code z = sigmoid(x_z + r_z)}, {@code r = sigmoid(x_r + r_r)},
 * {@code h' = tanh(x_h + r * r_h)}, {@code h_t = z * h_{t-1} + (1 - z) * h'}, where {@code x_*} are
 * blocks of {@code x_t . kernel + input_bias} and {@code r_*} of {@code h_{t-1} . recurrent_kernel
 * + recurrent_bias}. With {@code resetAfter(true)} (Keras 3's default) the bias is {@code (2, 3
 * units)}: input and recurrent rows. With {@code resetAfter(false)} the bias is {@code (3 units)}
 * and the reset gate applies before the product: {@code h' = tanh(x_h + (r * h_{t-1}) .
 * recurrent_kernel_h)}. See {@link Recurrent} for the options and inputs.
 */
public class GRU extends Recurrent<GRU> {
  private boolean resetAfter = true;

  public GRU(int units) {
    super(units);
  }

  /** {@code new GRU(32, "relu")}, as {@code GRU(32, activation="relu")}. */
  public GRU(int units, String activation) {
    this(units);
    activation(activation);
  }

  public boolean resetAfter() {
    return resetAfter;
  }

  /** Apply the reset gate after the recurrent product (true, Keras 3's default) or before it. */
  public GRU resetAfter(boolean resetAfter) {
    checkNotBuilt("resetAfter");
    this.resetAfter = resetAfter;
    return this;
  }

  @Override
  protected int gates() {
    return 3;
  }

  @Override
  public String cellName() {
    return "gru_cell";
  }

  @Override
  protected Shape biasShape() {
    return resetAfter ? Shape.of(2, 3L * units()) : Shape.of(3L * units());
  }

  @Override
  protected KerasTensor inputBias(KerasTensor biasValue) {
    return resetAfter ? Ops.unstack(biasValue, 0).get(0) : biasValue;
  }

  @Override
  protected List<KerasTensor> step(KerasTensor projectedInput, List<KerasTensor> states, KerasTensor recurrentMask) {
    KerasTensor h = states.get(0);
    KerasTensor recurrentBias = resetAfter && bias() != null ? Ops.unstack(bias().value(), 0).get(1) : null;
    return List.of(GRUCell.next(projectedInput, h, masked(h, recurrentMask), recurrentKernel().value(),
        recurrentBias, resetAfter, this::activation, this::recurrentActivation));
  }

  @Override
  protected void putCellDropoutConfig(Map<String, Object> config) {
    config.put("reset_after", resetAfter);
  }

  public static GRU fromConfig(Config config) {
    GRU gru = new GRU(config.getInt("units", 0));
    gru.resetAfter(config.getBoolean("reset_after", true));
    return configure(gru, config);
  }
}
