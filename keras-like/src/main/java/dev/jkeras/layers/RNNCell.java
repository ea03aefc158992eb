package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One time step of a recurrent network, as Keras's RNN cells: {@link RNN} runs a cell over the time
 * steps of a sequence. The built-in cells are {@link SimpleRNNCell}, {@link LSTMCell}, {@link GRUCell}
 * and {@link StackedRNNCells}; a user-written cell subclasses this class:
 *
 * <pre>{@code
 * @RegisterSerializable
 * public class MinimalCell extends RNNCell {
 *   private final int units;
 *   private Variable kernel;
 *   private Variable recurrent;
 *
 *   public MinimalCell(int units) { this.units = units; }
 *
 *   public int[] stateSize() { return new int[] {units}; }
 *
 *   protected void build(Shape inputShape) {          // (batch, features)
 *     kernel = addWeight("kernel", Shape.of(inputShape.get(1), units), Initializers.get("glorot_uniform"), true);
 *     recurrent = addWeight("recurrent_kernel", Shape.of(units, units), Initializers.get("orthogonal"), true);
 *   }
 *
 *   protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
 *     KerasTensor h = Ops.tanh(Ops.add(Ops.matmul(input, kernel.value()), Ops.matmul(states.get(0), recurrent.value())));
 *     return Output.of(h, h);
 *   }
 *
 *   public Map<String, Object> getConfig() { var c = super.getConfig(); c.put("units", units); return c; }
 *
 *   public static MinimalCell fromConfig(Config config) { return new MinimalCell(config.getInt("units", 0)); }
 * }
 * }</pre>
 *
 * <p>{@code build} receives the shape of one step's input, {@code (batch, features)}; {@code call}
 * receives one step's input and the previous states (each {@code (batch, size)}, in the order of
 * {@link #stateSize()}) and returns the step's output and the new states. The states start at zeros
 * unless the RNN layer is given initial states. Saved like any custom layer: annotated with
 * {@link dev.jkeras.saving.RegisterSerializable} or named in the {@code customObjects} given to
 * {@code Models.loadModel}, with a static {@code fromConfig(Config)} or a no-argument constructor.
 *
 * <p>A cell that holds other cells (as {@link StackedRNNCells}) lists them in {@link #wrappedLayers()};
 * their weights are then the cell's, saved under it.
 */
public abstract class RNNCell extends Wrapper {

  /** One step's result: the output and the new states, in the order of {@link #stateSize()}. */
  public record Output(KerasTensor output, List<KerasTensor> states) {
    public Output {
      if (output == null || states == null || states.stream().anyMatch(java.util.Objects::isNull)) {
        throw new IllegalArgumentException("An RNN cell step needs an output and its new states (none null), got "
            + output + " and " + states);
      }
      states = List.copyOf(states);
    }

    /** {@code Output.of(h, h, c)}: the output {@code h} and the new states {@code h, c}. */
    public static Output of(KerasTensor output, KerasTensor... states) {
      return new Output(output, Arrays.asList(states));
    }
  }

  protected RNNCell() {}

  /** The size of each state the cell carries, e.g. {@code {units}}, or {@code {units, units}} for LSTM's h and c. */
  public abstract int[] stateSize();

  /** The size of the step's output; the first state's size by default, as in Keras. */
  public int outputSize() {
    int[] sizes = stateSize();
    if (sizes == null || sizes.length == 0) {
      throw new IllegalStateException("RNN cell \"" + name() + "\" must have at least one state: stateSize() "
          + "returned " + Arrays.toString(sizes));
    }
    return sizes[0];
  }

  /**
   * One time step: {@code input} is {@code (batch, features)}, {@code states} the previous states;
   * returns the step's output and the new states, each state of the size {@link #stateSize()} says.
   */
  protected abstract Output call(KerasTensor input, List<KerasTensor> states, boolean training);

  /**
   * Called by {@link RNN} before each run over a sequence, outside its time loop: make what every
   * step of the sequence shares, such as dropout masks, and forget what was made for the previous
   * sequence. {@code stepShape} is the run-time shape {@code (batch, features)} of one step's input,
   * an int32 vector. A mask drawn in {@link #call(KerasTensor, List, boolean)} instead would be drawn
   * anew at every step when the loop runs as a while loop. By default the cells this cell holds
   * ({@link #wrappedLayers()}) start their sequence with the same step shape; a cell whose inner
   * cells see other inputs passes on their own shapes, as {@link StackedRNNCells} does.
   */
  protected void startSequence(KerasTensor stepShape, boolean training) {
    for (Layer layer : wrappedLayers().values()) {
      if (layer instanceof RNNCell inner) {
        inner.startSequence(stepShape, training);
      }
    }
  }

  /**
   * The input projection of every time step of {@code sequences} {@code (batch, timesteps, features)} at
   * once, {@code (batch, timesteps, width)}, or null (the default) when the step does not start with one:
   * {@link RNN} then runs its time loop over the projection and calls {@link #callProjected} at each step,
   * so the loop does only the recurrent part (as {@link Recurrent}'s layers do). Called after
   * {@link #startSequence}.
   */
  KerasTensor projectSequence(KerasTensor sequences, boolean training) {
    return null;
  }

  /** One time step from the step's row of {@link #projectSequence}'s projection; only for a cell that has one. */
  Output callProjected(KerasTensor projected, List<KerasTensor> states, boolean training) {
    throw new IllegalStateException("RNN cell \"" + name() + "\" has no input projection");
  }

  /** The cell called directly as a layer, as Keras's {@code cell(x, states)}: inputs {@code [x, states...]}, outputs {@code [output, states...]}. */
  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    int states = stateSize().length;
    if (inputs.size() != 1 + states) {
      throw new IllegalArgumentException("RNN cell \"" + name() + "\" takes one step's input and its " + states
          + " state(s), got " + inputs.size() + " tensor(s)");
    }
    startSequence(Ops.shape(inputs.get(0)), training);
    Output step = call(inputs.get(0), inputs.subList(1, inputs.size()), training);
    List<KerasTensor> outputs = new ArrayList<>();
    outputs.add(step.output());
    outputs.addAll(step.states());
    return outputs;
  }

  /** The cells this cell holds; none for most cells. */
  @Override
  public Map<String, Layer> wrappedLayers() {
    return Map.of();
  }

  /** A cell does not check its input against the shape it was built for: it sees one time step at a time. */
  @Override
  protected boolean checksInputShape() {
    return false;
  }
}
