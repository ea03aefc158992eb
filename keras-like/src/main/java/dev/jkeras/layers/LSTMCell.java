package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code LSTMCell}, the step of {@link LSTM}. With {@code z = x_t . kernel + h_{t-1} .
 * recurrent_kernel + bias} split into gates {@code i, f, c', o} (that order):
 * {@code c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(c')}, {@code h_t = sigmoid(o) * tanh(c_t)}
 * ({@code activation} replaces tanh, {@code recurrentActivation} sigmoid). Weights: kernel
 * {@code (features, 4 units)}, recurrent_kernel {@code (units, 4 units)}, bias {@code (4 units)},
 * the forget gate's bias starting at 1 with {@code unitForgetBias} (the default). States:
 * {@code [h, c]}. Run it over sequences with {@code new RNN(new LSTMCell(units))}; see
 * {@link BaseRNNCell} for the options.
 */
public class LSTMCell extends BaseRNNCell<LSTMCell> {
  private boolean unitForgetBias = true;

  public LSTMCell(int units) {
    super(units);
  }

  /** {@code new LSTMCell(32, "relu")}, as {@code LSTMCell(32, activation="relu")}. */
  public LSTMCell(int units, String activation) {
    this(units);
    activation(activation);
  }

  public boolean unitForgetBias() {
    return unitForgetBias;
  }

  /** Start the forget gate's bias at 1 (true by default), as Keras's {@code unit_forget_bias}. */
  public LSTMCell unitForgetBias(boolean unitForgetBias) {
    checkNotBuilt("unitForgetBias");
    this.unitForgetBias = unitForgetBias;
    return this;
  }

  @Override
  protected int gates() {
    return 4;
  }

  @Override
  public int[] stateSize() {
    return new int[] {units(), units()};
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
  protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
    KerasTensor h = states.get(0);
    KerasTensor mask = recurrentMask(h, training);
    List<KerasTensor> next = next(projected(input, bias() == null ? null : bias().value(), training),
        mask == null ? h : Ops.multiply(h, mask), states.get(1), recurrentKernel().value(),
        this::activation, this::recurrentActivation);
    return new Output(next.get(0), next);
  }

  /**
   * The formula of the step, shared with {@link LSTM}: the new {@code [h, c]} from {@code projected}
   * ({@code x_t . kernel + bias}), the previous output {@code h} (after recurrent dropout) and the
   * previous carry {@code c}.
   */
  static List<KerasTensor> next(KerasTensor projected, KerasTensor h, KerasTensor c, KerasTensor recurrentKernel,
      ActivationFunction activation, ActivationFunction recurrentActivation) {
    KerasTensor z = Ops.add(projected, Ops.matmul(h, recurrentKernel));
    List<KerasTensor> gates = Ops.split(z, 4, 1);
    KerasTensor i = recurrentActivation.apply(gates.get(0));
    KerasTensor f = recurrentActivation.apply(gates.get(1));
    KerasTensor newC = Ops.add(Ops.multiply(f, c), Ops.multiply(i, activation.apply(gates.get(2))));
    KerasTensor o = recurrentActivation.apply(gates.get(3));
    return List.of(Ops.multiply(o, activation.apply(newC)), newC);
  }

  @Override
  protected void putInitializerConfig(Map<String, Object> config) {
    config.put("unit_forget_bias", unitForgetBias);
  }

  public static LSTMCell fromConfig(Config config) {
    LSTMCell cell = new LSTMCell(config.getInt("units", 0));
    cell.unitForgetBias(config.getBoolean("unit_forget_bias", true));
    return configure(cell, config);
  }
}
