package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: Keras 3's {@code RNN} layer around
 * one built-in cell, with its options ({@code returnSequences}, {@code returnState},
 * {@code goBackwards}, {@code dropout}, {@code recurrentDropout}) and weights ({@code kernel},
 * {@code recurrent_kernel}, {@code bias}, saved under the cell as Keras saves them).
 *
 * <p>Inputs are {@code (batch, timesteps, features)}; the number of time steps may be unknown
 * ({@code Input.of(-1, features)}), and then each batch may have its own length. Sequences of known
 * length up to {@link #UNROLL_LIMIT} steps are unrolled into the model's graph (each step a few graph
 * ops); longer ones, and those of unknown length, run as one TensorFlow while loop with its own
 * gradient (see {@code Ops.scan}), which gives the same values; {@code unroll(true)} forces the
 * unroll for a known length. The input projection of all time steps is one matrix product. Further
 * inputs given to {@code applyAll} are the initial states ({@code [h]}, or {@code [h, c]} for LSTM);
 * without them the states start at zero.
 *
 * <p>Inputs that carry a mask (from {@code Embedding(maskZero)} or {@link Masking}) skip their
 * masked time steps as Keras's TensorFlow backend does: at a masked step the states are carried over
 * unchanged and the step's output is the previous step's output (zeros before the first unmasked
 * step, or with {@code zeroOutputForMask}), so the final output is that of the last unmasked step,
 * whether the padding comes before or after the sequence. With {@code returnSequences} the output
 * carries the input's mask on to later layers.
 *
 * <p>Dropout masks are drawn once per batch and shared by every time step, as in Keras; one input
 * mask and one recurrent mask serve all gates (Keras draws one per gate when recurrent dropout is
 * on).
 *
 * @param <T> the concrete layer, returned by the fluent options
 */
public abstract class Recurrent<T extends Recurrent<T>> extends Layer implements RecurrentLayer {
  private final int units;
  private String activationName = "tanh";
  private ActivationFunction activation = Activations::tanh;
  private String recurrentActivationName = "sigmoid";
  private ActivationFunction recurrentActivation = Activations::sigmoid;
  private boolean useBias = true;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions recurrentOptions = new WeightOptions(this, "recurrent", Initializers.get("orthogonal"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());
  private double dropout;
  private double recurrentDropout;
  private long seed;
  private boolean returnSequences;
  private boolean returnState;
  private boolean goBackwards;
  private boolean unroll;
  private boolean zeroOutputForMask;

  /**
   * The longest sequence of known length unrolled into the graph by default; longer ones run as the
   * while loop. Measured for LSTM(64) training (samples' {@code Benchmark --model lstm}, 2 cores): at 28
   * steps both step as fast (while loop / unroll 1.01) and the unroll builds in 2.4 s; at 150 steps the
   * unroll steps about 1.4x faster but takes 27 s to build (the while loop 3 s); at 500 steps 1.3x
   * faster, 44 s to build (the while loop 1.2 s). Below this limit short-sequence models keep the graph
   * they always had; above it the build time of the unroll outweighs its faster steps.
   */
  public static final int UNROLL_LIMIT = 64;

  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;

  protected Recurrent(int units) {
    if (units <= 0) {
      throw new IllegalArgumentException(kind() + " units must be a positive integer, got " + units);
    }
    this.units = units;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  final String kind() {
    return getClass().getSimpleName();
  }

  // ------------------------------------------------------------------ what each cell defines

  /** How many blocks of {@code units} columns the kernels have: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
  protected abstract int gates();

  /** How many state tensors the cell carries: 2 for LSTM ({@code h, c}), else 1. */
  protected int stateCount() {
    return 1;
  }

  @Override
  public final int stateTensors() {
    return stateCount();
  }

  /** Keras's name of the cell that holds the weights in saved files, e.g. {@code lstm_cell}. */
  public abstract String cellName();

  /** The bias's shape; GRU with {@code reset_after} has two rows (input and recurrent bias). */
  protected Shape biasShape() {
    return Shape.of((long) gates() * units);
  }

  /** The initializer the bias is created with; LSTM adds its forget-gate ones. */
  protected Initializer biasInitializerForBuild() {
    return biasOptions.initializer();
  }

  /** The bias added to the input projection ({@code x . kernel}); GRU takes its first row. */
  protected KerasTensor inputBias(KerasTensor biasValue) {
    return biasValue;
  }

  /** Whether the cell has a recurrent activation (LSTM and GRU do, SimpleRNN does not). */
  protected boolean hasRecurrentActivation() {
    return true;
  }

  /**
   * One time step: the new states (the first is the step's output) from the step's projected input
   * {@code x . kernel + inputBias} and the previous states. {@code recurrentMask} (or null) is the
   * recurrent dropout mask to multiply the previous output by before the recurrent kernel.
   */
  protected abstract List<KerasTensor> step(KerasTensor projectedInput, List<KerasTensor> states,
      KerasTensor recurrentMask);

  /** Cell options saved after {@code bias_initializer} (LSTM's {@code unit_forget_bias}). */
  protected void putCellInitializerConfig(Map<String, Object> config) {}

  /** Cell options saved after {@code recurrent_dropout} (GRU's {@code reset_after}). */
  protected void putCellDropoutConfig(Map<String, Object> config) {}

  // ------------------------------------------------------------------ for the cells' steps

  /** The layer's activation applied to {@code x}. */
  protected final KerasTensor activation(KerasTensor x) {
    return activation.apply(x);
  }

  /** The layer's recurrent activation applied to {@code x}. */
  protected final KerasTensor recurrentActivation(KerasTensor x) {
    return recurrentActivation.apply(x);
  }

  protected final Variable kernel() {
    return kernel;
  }

  protected final Variable recurrentKernel() {
    return recurrentKernel;
  }

  /** The bias weight, or null without a bias. */
  protected final Variable bias() {
    return bias;
  }

  /** {@code h} times the recurrent dropout mask, or {@code h} itself without one. */
  protected static KerasTensor masked(KerasTensor h, KerasTensor mask) {
    return mask == null ? h : Ops.multiply(h, mask);
  }

  // ------------------------------------------------------------------ options

  public int units() {
    return units;
  }

  public boolean useBias() {
    return useBias;
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

  public double dropout() {
    return dropout;
  }

  public double recurrentDropout() {
    return recurrentDropout;
  }

  public String activationName() {
    return activationName;
  }

  public String recurrentActivationName() {
    return recurrentActivationName;
  }

  /** The activation of the output and candidate state ({@code "tanh"} by default). */
  public T activation(String name) {
    checkNotBuilt("activation");
    this.activation = Activations.get(name);
    this.activationName = name == null ? "linear" : name;
    return self();
  }

  public T activation(ActivationFunction function) {
    checkNotBuilt("activation");
    this.activation = function;
    this.activationName = "custom";
    return self();
  }

  /** The activation of the gates ({@code "sigmoid"} by default; LSTM and GRU only). */
  public T recurrentActivation(String name) {
    checkNotBuilt("recurrentActivation");
    requireGated("recurrentActivation");
    this.recurrentActivation = Activations.get(name);
    this.recurrentActivationName = name == null ? "linear" : name;
    return self();
  }

  public T recurrentActivation(ActivationFunction function) {
    checkNotBuilt("recurrentActivation");
    requireGated("recurrentActivation");
    this.recurrentActivation = function;
    this.recurrentActivationName = "custom";
    return self();
  }

  private void requireGated(String option) {
    if (!hasRecurrentActivation()) {
      throw new IllegalArgumentException(kind() + " has no option '" + option + "'");
    }
  }

  public T useBias(boolean useBias) {
    checkNotBuilt("useBias");
    this.useBias = useBias;
    return self();
  }

  public T kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return self();
  }

  public T kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
    return self();
  }

  /** The recurrent kernel's initializer ({@code "orthogonal"} by default). */
  public T recurrentInitializer(String name) {
    recurrentOptions.initializer(name);
    return self();
  }

  public T recurrentInitializer(Initializer initializer) {
    recurrentOptions.initializer(initializer);
    return self();
  }

  public T biasInitializer(String name) {
    biasOptions.initializer(name);
    return self();
  }

  public T biasInitializer(Initializer initializer) {
    biasOptions.initializer(initializer);
    return self();
  }

  /** The bias initializer as given (LSTM's forget-gate ones are added on top when building). */
  protected final Initializer givenBiasInitializer() {
    return biasOptions.initializer();
  }

  public T kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
    return self();
  }

  public T recurrentRegularizer(Regularizer regularizer) {
    recurrentOptions.regularizer(regularizer);
    return self();
  }

  public T biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
    return self();
  }

  /** A constraint applied to the kernel after each optimizer update, e.g. {@code new MaxNorm(1)}. */
  public T kernelConstraint(Constraint constraint) {
    kernelOptions.constraint(constraint);
    return self();
  }

  /** A constraint by Keras's name, e.g. {@code "max_norm"}, {@code "non_neg"}. */
  public T kernelConstraint(String name) {
    kernelOptions.constraint(name);
    return self();
  }

  /** A constraint applied to the recurrent kernel after each optimizer update. */
  public T recurrentConstraint(Constraint constraint) {
    recurrentOptions.constraint(constraint);
    return self();
  }

  public T recurrentConstraint(String name) {
    recurrentOptions.constraint(name);
    return self();
  }

  /** A constraint applied to the bias after each optimizer update. */
  public T biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return self();
  }

  public T biasConstraint(String name) {
    biasOptions.constraint(name);
    return self();
  }

  /** The fraction of input features dropped while training (clipped to [0, 1] as in Keras). */
  public T dropout(double rate) {
    checkNotBuilt("dropout");
    this.dropout = Math.min(1.0, Math.max(0.0, rate));
    return self();
  }

  /** The fraction of the previous output dropped before the recurrent kernel while training. */
  public T recurrentDropout(double rate) {
    checkNotBuilt("recurrentDropout");
    this.recurrentDropout = Math.min(1.0, Math.max(0.0, rate));
    return self();
  }

  /** A fixed seed for the dropout masks (0 means unseeded). */
  public T seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return self();
  }

  /** Return the output of every time step, {@code (batch, timesteps, units)}, not only the last. */
  public T returnSequences(boolean returnSequences) {
    checkNotBuilt("returnSequences");
    this.returnSequences = returnSequences;
    return self();
  }

  /** Also return the final states: {@code applyAll} gives {@code [output, states...]}. */
  public T returnState(boolean returnState) {
    checkNotBuilt("returnState");
    this.returnState = returnState;
    return self();
  }

  /** Process the sequence from its end; with {@code returnSequences} the outputs come in that order. */
  public T goBackwards(boolean goBackwards) {
    checkNotBuilt("goBackwards");
    this.goBackwards = goBackwards;
    return self();
  }

  /**
   * Keras's {@code unroll}: with true, a sequence of known length is always unrolled into the graph
   * (however long); with false (the default) sequences longer than {@link #UNROLL_LIMIT} steps, and
   * all of unknown length, run as one while loop. Unknown lengths always run as a while loop.
   */
  public T unroll(boolean unroll) {
    checkNotBuilt("unroll");
    this.unroll = unroll;
    return self();
  }

  @Override
  public boolean zeroOutputForMask() {
    return zeroOutputForMask;
  }

  /**
   * With a mask, give zeros (not the previous output) as the output of masked time steps, as
   * Keras's {@code zero_output_for_mask}; false by default. The states are carried over either way.
   */
  @Override
  public T zeroOutputForMask(boolean zeroOutputForMask) {
    checkNotBuilt("zeroOutputForMask");
    this.zeroOutputForMask = zeroOutputForMask;
    return self();
  }

  @Override
  public T name(String name) {
    super.name(name);
    return self();
  }

  @Override
  public T inputShape(int... shape) {
    super.inputShape(shape);
    return self();
  }

  // ------------------------------------------------------------------ building and calling

  private void checkSequenceShape(Shape shape) {
    if (shape.rank() != 3) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + kind() + ") expects inputs of shape "
          + "(batch, timesteps, features), of rank 3, got shape " + shape + " of rank " + shape.rank() + ".");
    }
    if (shape.get(2) == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + kind() + ") needs a known number of "
          + "features (last dimension), got shape " + shape);
    }
  }

  @Override
  protected void build(Shape inputShape) {
    checkSequenceShape(inputShape);
    long features = inputShape.get(2);
    long width = (long) gates() * units;
    kernel = kernelOptions.addWeight(cellName() + "/kernel", Shape.of(features, width));
    recurrentKernel = recurrentOptions.addWeight(cellName() + "/recurrent_kernel", Shape.of(units, width));
    if (useBias) {
      bias = biasOptions.addWeight(cellName() + "/bias", biasShape(), biasInitializerForBuild());
    }
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    KerasTensor sequences = inputs.get(0);
    checkSequenceShape(sequences.shape());
    List<KerasTensor> initial = inputs.subList(1, inputs.size());
    if (!initial.isEmpty() && initial.size() != stateCount()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + kind() + ") has " + stateCount()
          + " state(s) but was given " + initial.size() + " initial state tensor(s)");
    }
    for (KerasTensor state : initial) {
      Shape s = state.shape();
      if (s.rank() != 2 || (s.get(1) != Shape.UNKNOWN && s.get(1) != units)) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (" + kind() + ") expects initial states of "
            + "shape (batch, " + units + "), got shape " + s);
      }
    }
    long timesteps = sequences.shape().get(1);
    long features = sequences.shape().get(2);
    long width = (long) gates() * units;
    KerasTensor x = Ops.cast(sequences, DType.FLOAT32);
    if (training && dropout > 0 && dropout < 1) {
      KerasTensor mask = dropoutMask(batchShape(sequences, features), dropout, seed);
      x = Ops.multiply(x, Ops.expandDims(mask, 1));
    }

    // The input projection of every time step at once: (batch * timesteps, features) . kernel.
    KerasTensor projected = Ops.matmul(Ops.reshape(x, -1, features), kernel.value());
    if (useBias) {
      projected = Ops.add(projected, inputBias(bias.value()));
    }
    projected = timesteps == Shape.UNKNOWN
        ? Ops.reshape(projected, Ops.concatenate(new KerasTensor[] {Ops.slice(Ops.shape(sequences), new int[] {0},
            new int[] {2}), Ops.convertToTensor(NdArrays.vectorOf(Math.toIntExact(width)))}, 0))
        : Ops.reshape(projected, -1, timesteps, width);

    List<KerasTensor> states = new ArrayList<>();
    if (initial.isEmpty()) {
      KerasTensor zeros = Ops.zeros(batchShape(sequences, units), DType.FLOAT32);
      for (int i = 0; i < stateCount(); i++) {
        states.add(zeros);
      }
    } else {
      for (KerasTensor state : initial) {
        states.add(Ops.cast(state, DType.FLOAT32));
      }
    }
    KerasTensor recurrentMask = training && recurrentDropout > 0 && recurrentDropout < 1
        ? dropoutMask(batchShape(sequences, units), recurrentDropout, seed == 0 ? 0 : seed + 1) : null;

    KerasTensor mask = timeMask(sequences.mask(), timesteps);
    TimeLoop.Cell cell = (z, previous) -> {
      List<KerasTensor> next = step(z, previous, recurrentMask);
      return new RNNCell.Output(next.get(0), next);
    };
    TimeLoop.Options options = new TimeLoop.Options(goBackwards, returnSequences, zeroOutputForMask, units);
    TimeLoop.Result result = TimeLoop.run(cell, projected, timesteps, states, mask, options, unroll);
    if (!returnState) {
      return List.of(result.output());
    }
    List<KerasTensor> all = new ArrayList<>();
    all.add(result.output());
    all.addAll(result.states());
    return all;
  }

  /** Whether the time loop runs as one TensorFlow while loop rather than unrolled: see {@link TimeLoop#runsAsWhileLoop}. */
  final boolean runsAsWhileLoop(long timesteps) {
    return TimeLoop.runsAsWhileLoop(timesteps, unroll);
  }

  /** The input mask as {@code (batch, timesteps)} bool, or null without one. */
  private KerasTensor timeMask(KerasTensor mask, long timesteps) {
    if (mask == null) {
      return null;
    }
    Shape shape = mask.shape();
    if (shape.rank() != 2 || (shape.get(1) != Shape.UNKNOWN && timesteps != Shape.UNKNOWN && shape.get(1) != timesteps)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + kind() + ") expects a mask of shape "
          + "(batch, " + (timesteps == Shape.UNKNOWN ? "timesteps" : timesteps) + "), got shape " + shape);
    }
    return mask.dtype() == DType.BOOL ? mask : Ops.cast(mask, DType.BOOL);
  }

  /** The mask of the sequence output with {@code returnSequences}, as Keras's RNN; none otherwise. */
  @Override
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return returnSequences ? previousMask : null;
  }

  /** The run-time shape (batch, width), the batch taken from {@code sequences}. */
  private static KerasTensor batchShape(KerasTensor sequences, long width) {
    KerasTensor batch = Ops.take(Ops.shape(sequences), Ops.convertToTensor(NdArrays.vectorOf(0)));
    return Ops.concatenate(
        new KerasTensor[] {batch, Ops.convertToTensor(NdArrays.vectorOf(Math.toIntExact(width)))}, 0);
  }

  /** Keras's dropout of ones: 0 with probability {@code rate}, else {@code 1 / (1 - rate)}. */
  private static KerasTensor dropoutMask(KerasTensor shape, double rate, long seed) {
    KerasTensor noise = Ops.randomUniform(shape, 0, 1, DType.FLOAT32, seed);
    return Ops.divide(Ops.cast(Ops.greaterEqual(noise, rate), DType.FLOAT32), 1 - rate);
  }

  // ------------------------------------------------------------------ serialization

  /** Reads the options every recurrent layer shares from a saved config. */
  protected static <L extends Recurrent<L>> L configure(L layer, Config config) {
    layer.activation(config.getString("activation", "tanh"));
    if (layer.hasRecurrentActivation()) {
      layer.recurrentActivation(config.getString("recurrent_activation", "sigmoid"));
    }
    layer.useBias(config.getBoolean("use_bias", true));
    Recurrent<L> base = layer;
    WeightOptions.readAll(config, base.kernelOptions, base.recurrentOptions, base.biasOptions);
    layer.dropout(config.getDouble("dropout", 0));
    layer.recurrentDropout(config.getDouble("recurrent_dropout", 0));
    layer.seed(config.get("seed") == null ? 0 : config.getLong("seed", 0));
    layer.returnSequences(config.getBoolean("return_sequences", false));
    layer.returnState(config.getBoolean("return_state", false));
    layer.goBackwards(config.getBoolean("go_backwards", false));
    layer.unroll(config.getBoolean("unroll", false));
    layer.zeroOutputForMask(config.getBoolean("zero_output_for_mask", false));
    if (config.getBoolean("stateful", false)) {
      throw new IllegalArgumentException(layer.kind() + " \"" + layer.name() + "\": stateful=True is not "
          + "supported by jkeras");
    }
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("return_sequences", returnSequences);
    config.put("return_state", returnState);
    config.put("go_backwards", goBackwards);
    config.put("stateful", false);
    config.put("unroll", unroll);
    config.put("zero_output_for_mask", zeroOutputForMask);
    config.put("units", units);
    config.put("activation", Activations.serialize(activationName, this));
    if (hasRecurrentActivation()) {
      config.put("recurrent_activation", Activations.serialize(recurrentActivationName, this));
    }
    config.put("use_bias", useBias);
    WeightOptions.putInitializers(config, kernelOptions, recurrentOptions, biasOptions);
    putCellInitializerConfig(config);
    WeightOptions.putRegularizers(config, kernelOptions, recurrentOptions, biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, kernelOptions, recurrentOptions, biasOptions);
    config.put("dropout", dropout);
    config.put("recurrent_dropout", recurrentDropout);
    putCellDropoutConfig(config);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }
}
