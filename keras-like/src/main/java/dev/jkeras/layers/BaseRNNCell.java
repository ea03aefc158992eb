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
import java.util.List;
import java.util.Map;

/**
 * What {@link SimpleRNNCell}, {@link LSTMCell} and {@link GRUCell} share, as Keras's built-in cells:
 * {@code units}, the activations, the weights {@code kernel} {@code (features, gates * units)},
 * {@code recurrent_kernel} {@code (units, gates * units)} and {@code bias} with their initializers,
 * regularizers and constraints, and Keras's {@code DropoutRNNCell} options: {@code dropout} of the
 * step's input and {@code recurrentDropout} of the previous output, each a mask drawn once per
 * sequence (per call of the {@link RNN} layer) and shared by all its time steps while training.
 *
 * @param <T> the concrete cell, returned by the fluent options
 */
public abstract class BaseRNNCell<T extends BaseRNNCell<T>> extends RNNCell {
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

  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;
  private KerasTensor inputMask;
  private KerasTensor recurrentMask;
  /** Whether {@link #projected} is given the step's row of {@link #projectSequence}'s projection. */
  private boolean inputProjected;

  protected BaseRNNCell(int units) {
    if (units <= 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " units must be a positive integer, got "
          + units);
    }
    this.units = units;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  // ------------------------------------------------------------------ what each cell defines

  /** How many blocks of {@code units} columns the kernels have: 1, 4 (LSTM) or 3 (GRU). */
  protected abstract int gates();

  /** Whether the cell has a recurrent activation (LSTM and GRU do, SimpleRNN does not). */
  protected boolean hasRecurrentActivation() {
    return true;
  }

  /** The bias's shape; GRU with {@code reset_after} has two rows (input and recurrent bias). */
  protected Shape biasShape() {
    return Shape.of((long) gates() * units);
  }

  /** The initializer the bias is created with; LSTM adds its forget-gate ones. */
  protected Initializer biasInitializerForBuild() {
    return biasOptions.initializer();
  }

  /** Cell options saved after {@code bias_initializer} (LSTM's {@code unit_forget_bias}). */
  protected void putInitializerConfig(Map<String, Object> config) {}

  /** Cell options saved after {@code recurrent_dropout} (GRU's {@code reset_after}). */
  protected void putDropoutConfig(Map<String, Object> config) {}

  // ------------------------------------------------------------------ for the cells' steps

  protected final KerasTensor activation(KerasTensor x) {
    return activation.apply(x);
  }

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

  /**
   * {@code input . kernel} (after the input dropout while training), plus {@code inputBias} when given;
   * the input itself when it is already the step's row of {@link #projectSequence}'s projection.
   */
  protected final KerasTensor projected(KerasTensor input, KerasTensor inputBias, boolean training) {
    if (inputProjected) {
      return input;
    }
    KerasTensor x = Ops.cast(input, DType.FLOAT32);
    if (dropsInputs(training)) {
      if (inputMask == null) {
        inputMask = dropoutMask(Ops.shape(x), dropout, seed);
      }
      x = Ops.multiply(x, inputMask);
    }
    KerasTensor z = Ops.matmul(x, kernel.value());
    return inputBias == null ? z : Ops.add(z, inputBias);
  }

  /** The bias {@link #projected} adds to {@code input . kernel}, or null; GRU with {@code reset_after} takes its first row. */
  protected KerasTensor inputBias() {
    return bias == null ? null : bias.value();
  }

  /** Every step's {@code input . kernel + inputBias()} at once, the input dropout mask shared by all steps. */
  @Override
  final KerasTensor projectSequence(KerasTensor sequences, boolean training) {
    KerasTensor x = Ops.cast(sequences, DType.FLOAT32);
    if (dropsInputs(training)) {
      if (inputMask == null) {
        inputMask = dropoutMask(RNN.stepShape(sequences, sequences.shape().get(2)), dropout, seed);
      }
      x = Ops.multiply(x, Ops.expandDims(inputMask, 1));
    }
    long features = sequences.shape().get(2);
    long width = kernel.shape().get(1);
    KerasTensor z = Ops.matmul(Ops.reshape(x, -1, features), kernel.value());
    KerasTensor inputBias = inputBias();
    if (inputBias != null) {
      z = Ops.add(z, inputBias);
    }
    long timesteps = sequences.shape().get(1);
    return timesteps == Shape.UNKNOWN
        ? Ops.reshape(z, Ops.concatenate(new KerasTensor[] {Ops.slice(Ops.shape(sequences), new int[] {0},
            new int[] {2}), Ops.convertToTensor(org.tensorflow.ndarray.NdArrays.vectorOf(Math.toIntExact(width)))}, 0))
        : Ops.reshape(z, -1, timesteps, width);
  }

  @Override
  final Output callProjected(KerasTensor projected, List<KerasTensor> states, boolean training) {
    inputProjected = true;
    try {
      return call(projected, states, training);
    } finally {
      inputProjected = false;
    }
  }

  /** The recurrent dropout mask for the previous output {@code h} while training, or null. */
  protected final KerasTensor recurrentMask(KerasTensor h, boolean training) {
    if (!dropsRecurrent(training)) {
      return null;
    }
    if (recurrentMask == null) {
      recurrentMask = dropoutMask(Ops.shape(h), recurrentDropout, recurrentSeed());
    }
    return recurrentMask;
  }

  private boolean dropsInputs(boolean training) {
    return training && dropout > 0 && dropout < 1;
  }

  private boolean dropsRecurrent(boolean training) {
    return training && recurrentDropout > 0 && recurrentDropout < 1;
  }

  private long recurrentSeed() {
    return seed == 0 ? 0 : seed + 1;
  }

  /** Keras's dropout of ones of the given run-time shape: 0 with probability {@code rate}, else {@code 1 / (1 - rate)}. */
  private static KerasTensor dropoutMask(KerasTensor shape, double rate, long seed) {
    KerasTensor noise = Ops.randomUniform(shape, 0, 1, DType.FLOAT32, seed);
    return Ops.divide(Ops.cast(Ops.greaterEqual(noise, rate), DType.FLOAT32), 1 - rate);
  }

  /**
   * Draws the sequence's dropout masks, once, before the time loop: the input mask {@code (batch,
   * features)} and the recurrent mask {@code (batch, units)}, shared by all the time steps.
   */
  @Override
  protected void startSequence(KerasTensor stepShape, boolean training) {
    inputMask = dropsInputs(training) ? dropoutMask(stepShape, dropout, seed) : null;
    recurrentMask = dropsRecurrent(training) ? dropoutMask(RNN.withWidth(stepShape, units), recurrentDropout,
        recurrentSeed()) : null;
  }

  // ------------------------------------------------------------------ options

  public int units() {
    return units;
  }

  @Override
  public int[] stateSize() {
    return new int[] {units};
  }

  public boolean useBias() {
    return useBias;
  }

  public double dropout() {
    return dropout;
  }

  public double recurrentDropout() {
    return recurrentDropout;
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

  /** The activation of the gates ({@code "sigmoid"} by default; LSTMCell and GRUCell only). */
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
      throw new IllegalArgumentException(getClass().getSimpleName() + " has no option '" + option + "'");
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

  /** The bias initializer as given (LSTMCell's forget-gate ones are added on top when building). */
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

  public T recurrentConstraint(Constraint constraint) {
    recurrentOptions.constraint(constraint);
    return self();
  }

  public T recurrentConstraint(String name) {
    recurrentOptions.constraint(name);
    return self();
  }

  public T biasConstraint(Constraint constraint) {
    biasOptions.constraint(constraint);
    return self();
  }

  public T biasConstraint(String name) {
    biasOptions.constraint(name);
    return self();
  }

  /** The fraction of the step's input features dropped while training (clipped to [0, 1] as in Keras). */
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

  @Override
  public T name(String name) {
    super.name(name);
    return self();
  }

  // ------------------------------------------------------------------ building

  /** Creates the weights for steps of shape {@code (batch, features)}. */
  @Override
  protected void build(Shape inputShape) {
    if (inputShape.rank() != 2 || inputShape.get(1) == Shape.UNKNOWN) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " \"" + name() + "\" is built for one time "
          + "step of shape (batch, features) with a known number of features, got " + inputShape
          + ". Run the cell over sequences with new RNN(cell).");
    }
    long width = (long) gates() * units;
    kernel = kernelOptions.addWeight("kernel", Shape.of(inputShape.get(1), width));
    recurrentKernel = recurrentOptions.addWeight("recurrent_kernel", Shape.of(units, width));
    if (useBias) {
      bias = biasOptions.addWeight("bias", biasShape(), biasInitializerForBuild());
    }
  }

  // ------------------------------------------------------------------ serialization

  /** Reads the options every built-in cell shares from a saved config. */
  protected static <C extends BaseRNNCell<C>> C configure(C cell, Config config) {
    cell.activation(config.getString("activation", "tanh"));
    if (cell.hasRecurrentActivation()) {
      cell.recurrentActivation(config.getString("recurrent_activation", "sigmoid"));
    }
    cell.useBias(config.getBoolean("use_bias", true));
    BaseRNNCell<C> base = cell;
    WeightOptions.readAll(config, base.kernelOptions, base.recurrentOptions, base.biasOptions);
    cell.dropout(config.getDouble("dropout", 0));
    cell.recurrentDropout(config.getDouble("recurrent_dropout", 0));
    cell.seed(config.get("seed") == null ? 0 : config.getLong("seed", 0));
    return cell;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("units", units);
    config.put("activation", Activations.serialize(activationName, this));
    if (hasRecurrentActivation()) {
      config.put("recurrent_activation", Activations.serialize(recurrentActivationName, this));
    }
    config.put("use_bias", useBias);
    putInitializerConfig(config);
    WeightOptions.putInitializers(config, kernelOptions, recurrentOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, recurrentOptions, biasOptions);
    WeightOptions.putConstraints(config, kernelOptions, recurrentOptions, biasOptions);
    config.put("dropout", dropout);
    config.put("recurrent_dropout", recurrentDropout);
    putDropoutConfig(config);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }
}
