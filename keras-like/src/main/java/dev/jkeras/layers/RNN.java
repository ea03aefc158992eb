package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's {@code RNN} layer: runs a cell ({@link SimpleRNNCell}, {@link LSTMCell}, {@link GRUCell},
 * {@link StackedRNNCells} or a user-written {@link RNNCell}) over the time steps of
 * {@code (batch, timesteps, features)} inputs:
 *
 * <pre>{@code
 * KerasTensor x = Input.of(10, 8);
 * KerasTensor y = new RNN(new StackedRNNCells(new LSTMCell(16), new LSTMCell(8))).apply(x);   // (None, 8)
 * }</pre>
 *
 * <p>Options as Keras's: {@code returnSequences} (every step's output, {@code (batch, timesteps,
 * output)}), {@code returnState} ({@code applyAll} gives {@code [output, states...]}, the states in
 * the cell's order), {@code goBackwards}, {@code zeroOutputForMask}, {@code unroll}. The number of
 * time steps may be unknown ({@code Input.of(-1, features)}, each batch its own length): as for
 * {@link LSTM}, sequences of known length up to {@link Recurrent#UNROLL_LIMIT} steps are unrolled into
 * the graph, longer ones and those of unknown length run as one TensorFlow while loop with the same
 * values and gradients ({@code unroll(true)} forces the unroll for a known length). A cell's
 * {@code call} is traced once for the while loop: it may use any op and the cell's weights (made in
 * {@code build}, before the loop); what every step of a sequence shares, such as a dropout mask, is
 * made in {@link RNNCell#startSequence}, before the loop. {@code stateful=True} is refused. Further inputs given to {@code applyAll} after the sequences are
 * the initial states (one per entry of the cell's {@link RNNCell#stateSize()}); without them the
 * states start at zeros. A mask on the input (from {@code Embedding(maskZero)} or {@link Masking})
 * skips the masked steps as {@link LSTM} does: their states carry over and their output is the
 * previous one (zeros with {@code zeroOutputForMask}). The cell's weights are named
 * {@code rnn/lstm_cell/kernel} and saved under {@code layers/rnn/cell} as Keras does.
 */
public class RNN extends Wrapper implements RecurrentLayer {
  private final RNNCell cell;
  private boolean returnSequences;
  private boolean returnState;
  private boolean goBackwards;
  private boolean unroll;
  private boolean zeroOutputForMask;

  public RNN(RNNCell cell) {
    this.cell = cellOf(cell, "RNN");
  }

  /** A stack of cells, as Keras's {@code RNN([cell_a, cell_b])}: {@code new RNN(new StackedRNNCells(cells))}. */
  public RNN(List<? extends RNNCell> cells) {
    this(new StackedRNNCells(cells));
  }

  static RNNCell cellOf(Object cell, String owner) {
    if (cell instanceof RNNCell rnnCell) {
      return rnnCell;
    }
    throw new IllegalArgumentException(owner + " needs an RNN cell (SimpleRNNCell, LSTMCell, GRUCell, "
        + "StackedRNNCells or a subclass of RNNCell with stateSize() and call(input, states, training)), got "
        + (cell == null ? "null" : cell.getClass().getSimpleName() + (cell instanceof Layer l ? " \"" + l.name()
            + "\"" : "")) + ". For a ready-made recurrent layer use SimpleRNN, LSTM or GRU.");
  }

  // ------------------------------------------------------------------ options

  public RNNCell cell() {
    return cell;
  }

  public boolean returnSequences() {
    return returnSequences;
  }

  public boolean returnState() {
    return returnState;
  }

  public boolean goBackwards() {
    return goBackwards;
  }

  @Override
  public boolean zeroOutputForMask() {
    return zeroOutputForMask;
  }

  /** The number of states of the cell, as many as initial states {@code applyAll} takes. */
  @Override
  public int stateTensors() {
    return cell.stateSize().length;
  }

  /** Return the output of every time step, {@code (batch, timesteps, output)}, not only the last. */
  public RNN returnSequences(boolean returnSequences) {
    checkNotBuilt("returnSequences");
    this.returnSequences = returnSequences;
    return this;
  }

  /** Also return the final states: {@code applyAll} gives {@code [output, states...]}. */
  public RNN returnState(boolean returnState) {
    checkNotBuilt("returnState");
    this.returnState = returnState;
    return this;
  }

  /** Process the sequence from its end; with {@code returnSequences} the outputs come in that order. */
  public RNN goBackwards(boolean goBackwards) {
    checkNotBuilt("goBackwards");
    this.goBackwards = goBackwards;
    return this;
  }

  /**
   * Keras's {@code unroll}: with true, a sequence of known length is always unrolled into the graph
   * (however long); with false (the default) sequences longer than {@link Recurrent#UNROLL_LIMIT}
   * steps, and all of unknown length, run as one while loop.
   */
  public RNN unroll(boolean unroll) {
    checkNotBuilt("unroll");
    this.unroll = unroll;
    return this;
  }

  /** With a mask, give zeros (not the previous output) as the output of masked time steps. */
  @Override
  public RNN zeroOutputForMask(boolean zeroOutputForMask) {
    checkNotBuilt("zeroOutputForMask");
    this.zeroOutputForMask = zeroOutputForMask;
    return this;
  }

  @Override
  public RNN name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public RNN inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Map<String, Layer> wrappedLayers() {
    return Map.of("cell", cell);
  }

  // ------------------------------------------------------------------ building and calling

  private void checkSequenceShape(Shape shape) {
    if (shape.rank() != 3) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (RNN) expects inputs of shape (batch, timesteps, "
          + "features), of rank 3, got shape " + shape + " of rank " + shape.rank() + ".");
    }
    if (shape.get(2) == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (RNN) needs a known number of features (last "
          + "dimension), got shape " + shape);
    }
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    Shape shape = inputShapes.get(0);
    checkSequenceShape(shape);
    int[] sizes = cell.stateSize();
    if (sizes == null || sizes.length == 0 || java.util.Arrays.stream(sizes).anyMatch(size -> size <= 0)) {
      throw new IllegalArgumentException("RNN cell \"" + cell.name() + "\" (" + cell.getClass().getSimpleName()
          + ") must carry at least one state of positive size: its stateSize() returned "
          + java.util.Arrays.toString(sizes) + ". Return the size of each state, e.g. new int[] {units}.");
    }
    buildNested(cell, Shape.of(shape.get(0), shape.get(2)));
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    KerasTensor sequences = inputs.get(0);
    checkSequenceShape(sequences.shape());
    int[] sizes = cell.stateSize();
    List<KerasTensor> initial = inputs.subList(1, inputs.size());
    if (!initial.isEmpty() && initial.size() != sizes.length) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (RNN) has a cell with " + sizes.length
          + " state(s) of sizes " + java.util.Arrays.toString(sizes) + " but was given " + initial.size()
          + " initial state tensor(s)");
    }
    List<KerasTensor> states = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      if (initial.isEmpty()) {
        states.add(Ops.zeros(stepShape(sequences, sizes[i]), DType.FLOAT32));
        continue;
      }
      Shape s = initial.get(i).shape();
      if (s.rank() != 2 || (s.get(1) != Shape.UNKNOWN && s.get(1) != sizes[i])) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (RNN) expects initial state " + i + " of shape "
            + "(batch, " + sizes[i] + "), got shape " + s);
      }
      states.add(Ops.cast(initial.get(i), DType.FLOAT32));
    }
    long timesteps = sequences.shape().get(1);
    KerasTensor x = Ops.cast(sequences, DType.FLOAT32);
    cell.startSequence(stepShape(sequences, sequences.shape().get(2)), training);
    String noWeights = runsAsWhileLoop(timesteps) ? "it is called inside the while loop of layer \"" + name()
        + "\" (sequences of unknown length or longer than " + Recurrent.UNROLL_LIMIT + " steps run as one). Create "
        + "the cell's weights in build(Shape), which RNN calls with the step's shape (batch, features) before the "
        + "loop." : null;
    KerasTensor projected = cell.projectSequence(x, training);
    TimeLoop.Cell step = (input, previous) -> {
      String outer = Layer.NO_WEIGHTS_HERE.get();
      Layer.NO_WEIGHTS_HERE.set(noWeights == null ? outer : noWeights);
      RNNCell.Output out;
      try {
        out = projected == null ? cell.call(input, previous, training) : cell.callProjected(input, previous, training);
      } finally {
        Layer.NO_WEIGHTS_HERE.set(outer);
      }
      checkStep(out, previous);
      return out;
    };
    TimeLoop.Options options = new TimeLoop.Options(goBackwards, returnSequences, zeroOutputForMask,
        cell.outputSize());
    TimeLoop.Result run = TimeLoop.run(step, projected == null ? x : projected, timesteps, states, timeMask(sequences.mask(), timesteps), options,
        unroll);
    List<KerasTensor> outputs = new ArrayList<>();
    outputs.add(run.output());
    if (returnState) {
      outputs.addAll(run.states());
    }
    return outputs;
  }

  /** Whether the time loop runs as one TensorFlow while loop rather than unrolled: see {@link TimeLoop#runsAsWhileLoop}. */
  final boolean runsAsWhileLoop(long timesteps) {
    return TimeLoop.runsAsWhileLoop(timesteps, unroll);
  }

  private void checkStep(RNNCell.Output step, List<KerasTensor> states) {
    Shape output = step.output().shape();
    int outputSize = cell.outputSize();
    if (output.rank() != 2 || (output.get(1) != Shape.UNKNOWN && output.get(1) != outputSize)
        || step.output().dtype() != DType.FLOAT32) {
      throw new IllegalStateException("RNN cell \"" + cell.name() + "\" returned an output of shape " + output + " ("
          + step.output().dtype().kerasName() + ") from call(), but its outputSize() says (batch, " + outputSize
          + ") float32. Override outputSize() when the output is not as wide as the first state, and cast the "
          + "output to float32.");
    }
    if (step.states().size() != states.size()) {
      throw new IllegalStateException("RNN cell \"" + cell.name() + "\" returned " + step.states().size()
          + " state(s) from call(), but its stateSize() has " + states.size());
    }
    for (int i = 0; i < states.size(); i++) {
      long given = states.get(i).shape().get(1);
      long returned = step.states().get(i).shape().get(1);
      if (step.states().get(i).shape().rank() != 2 || given != Shape.UNKNOWN && returned != Shape.UNKNOWN
          && given != returned) {
        throw new IllegalStateException("RNN cell \"" + cell.name() + "\" returned state " + i + " of shape "
            + step.states().get(i).shape() + ", but its stateSize() says (batch, " + given + ")");
      }
    }
  }

  /** The input mask as {@code (batch, timesteps)} bool, or null without one. */
  private KerasTensor timeMask(KerasTensor mask, long timesteps) {
    if (mask == null) {
      return null;
    }
    Shape shape = mask.shape();
    if (shape.rank() != 2 || (shape.get(1) != Shape.UNKNOWN && timesteps != Shape.UNKNOWN && shape.get(1) != timesteps)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (RNN) expects a mask of shape (batch, "
          + (timesteps == Shape.UNKNOWN ? "timesteps" : timesteps) + "), got shape " + shape);
    }
    return mask.dtype() == DType.BOOL ? mask : Ops.cast(mask, DType.BOOL);
  }

  /** The run-time shape {@code (batch, width)} of one step, as an int32 vector, the batch taken from {@code tensor}. */
  static KerasTensor stepShape(KerasTensor tensor, long width) {
    return withWidth(Ops.shape(tensor), width);
  }

  /** The shape {@code (batch, width)} as an int32 vector, the batch the first entry of the int32 vector {@code shape}. */
  static KerasTensor withWidth(KerasTensor shape, long width) {
    KerasTensor batch = Ops.take(shape, Ops.convertToTensor(NdArrays.vectorOf(0)));
    return Ops.concatenate(
        new KerasTensor[] {batch, Ops.convertToTensor(NdArrays.vectorOf(Math.toIntExact(width)))}, 0);
  }

  /** The mask of the sequence output with {@code returnSequences}, as Keras's RNN; none otherwise. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return returnSequences ? masks.get(0) : null;
  }

  // ------------------------------------------------------------------ serialization

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("return_sequences", returnSequences);
    config.put("return_state", returnState);
    config.put("go_backwards", goBackwards);
    config.put("stateful", false);
    config.put("unroll", unroll);
    config.put("zero_output_for_mask", zeroOutputForMask);
    config.put("cell", nestedConfig(cell));
    return config;
  }

  public static RNN fromConfig(Config config) {
    if (config.getBoolean("stateful", false)) {
      throw new IllegalArgumentException("RNN \"" + config.getString("name", "rnn") + "\": stateful=True is not "
          + "supported by jkeras; save the layer with stateful=False");
    }
    RNNCell cell = cellOf(nestedLayer("RNN", config, "cell"), "RNN");
    RNN rnn = new RNN(cell)
        .returnSequences(config.getBoolean("return_sequences", false))
        .returnState(config.getBoolean("return_state", false))
        .goBackwards(config.getBoolean("go_backwards", false))
        .unroll(config.getBoolean("unroll", false))
        .zeroOutputForMask(config.getBoolean("zero_output_for_mask", false));
    rnn.keepBuildConfig(cell, config.get("cell"));
    return rnn;
  }
}
