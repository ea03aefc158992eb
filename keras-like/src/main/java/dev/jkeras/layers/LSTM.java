package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code LSTM}, long short-term memory. With {@code z = x_t . kernel + h_{t-1} .
 * recurrent_kernel + bias} split into gates {@code i, f, c', o} (that order):
 * {@code c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(c')}, {@code h_t = sigmoid(o) * tanh(c_t)}
 * ({@code activation} replaces tanh, {@code recurrentActivation} sigmoid). Weights: kernel
 * {@code (features, 4 units)}, recurrent_kernel {@code (units, 4 units)}, bias {@code (4 units)}; with
 * {@code unitForgetBias} (the default) the forget gate's bias starts at 1. States: {@code [h, c]}.
 * See {@link Recurrent} for the options and inputs.
 */
public class LSTM extends Recurrent<LSTM> {
  private boolean unitForgetBias = true;

  public LSTM(int units) {
    super(units);
  }

  /** {@code new LSTM(32, "relu")}, as {@code LSTM(32, activation="relu")}. */
  public LSTM(int units, String activation) {
    this(units);
    activation(activation);
  }

  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  /** Start the forget gate's bias at 1 (true by default), as Keras's {@code unit_forget_bias}. */
  public LSTM unitForgetBias(boolean unitForgetBias) {
    checkNotBuilt("unitForgetBias");
    this.unitForgetBias = unitForgetBias;
    return this;
  }

  @Override
  protected int gates() {
    return 4;
  }

  @Override
  protected int stateCount() {
    return 2;
  }

  @Override
  public String cellName() {
    return "lstm_cell";
  }

  @Override
  protected Initializer biasInitializerForBuild() {
    Initializer given = givenBiasInitializer();
    if (!unitForgetBias) {
      return given;
    }
    long units = units();
    return (shape, dtype) -> Ops.concatenate(new KerasTensor[] {
        given.apply(Shape.of(units), dtype),
        Initializers.ones().apply(Shape.of(units), dtype),
        given.apply(Shape.of(2 * units), dtype)}, 0);
  }

  @Override
  protected List<KerasTensor> step(KerasTensor projectedInput, List<KerasTensor> states, KerasTensor recurrentMask) {
    return LSTMCell.next(projectedInput, masked(states.get(0), recurrentMask), states.get(1),
        recurrentKernel().value(), this::activation, this::recurrentActivation);
  }

  @Override
  protected void putCellInitializerConfig(Map<String, Object> config) {
    config.put("unit_forget_bias", unitForgetBias);
  }

  public static LSTM fromConfig(Config config) {
    LSTM lstm = new LSTM(config.getInt("units", 0));
    lstm.unitForgetBias(config.getBoolean("unit_forget_bias", true));
    return configure(lstm, config);
  }
}
