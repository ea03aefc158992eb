package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.activations.Activations;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArrays;

/**
 * The convolutional LSTM layers' common part, as Keras's {@code ConvLSTM}: an LSTM over the time steps of
 * {@code (batch, time, spatial..., channels)} inputs (or {@code (batch, time, channels, spatial...)} with
 * {@code dataFormat("channels_first")}) whose input and recurrent transforms are convolutions (see
 * {@link ConvLSTMCell}); the output and the states {@code h, c} are {@code (batch, out_spatial..., filters)}. Options
 * as Keras's: the convolution's {@code strides}, {@code padding} ({@code "valid"} or {@code "same"}),
 * {@code dilationRate}; the LSTM's activations, initializers, regularizers, constraints, {@code unitForgetBias},
 * {@code dropout} and {@code recurrentDropout}; the RNN's {@code returnSequences}, {@code returnState},
 * {@code goBackwards}, {@code unroll} and {@code zeroOutputForMask}. Further inputs of {@code applyAll} after the
 * sequences are the initial {@code h, c}. The spatial sizes and channels must be known; the number of time steps may
 * be unknown. The loop runs on jkeras's RNN machinery ({@link TimeLoop}): unrolled for short sequences of known
 * length, else one while loop. The weights are named {@code conv_lstm2d/conv_lstm_cell/kernel} and saved under
 * {@code layers/conv_lstm2d/cell}, as Keras does. {@link Bidirectional} runs it both ways.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class ConvLSTM<T extends ConvLSTM<T>> extends Wrapper implements RecurrentLayer {
  private final int rank;
  private final ConvLSTMCell cell;
  private String dataFormat = DataFormat.CHANNELS_LAST;
  private boolean returnSequences;
  private boolean returnState;
  private boolean goBackwards;
  private boolean unroll;
  private boolean zeroOutputForMask;

  protected ConvLSTM(int rank, int filters, int... kernelSize) {
    this.rank = rank;
    this.cell = new ConvLSTMCell(name(), rank, filters, kernelSize);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  private T set(String option, Runnable change) {
    checkNotBuilt(option);
    change.run();
    return self();
  }

  // ------------------------------------------------------------------ options

  public int filters() {
    return cell.filters;
  }

  public int[] kernelSize() {
    return cell.kernelSize.clone();
  }

  @Override
  public boolean returnSequences() {
    return returnSequences;
  }

  @Override
  public boolean returnState() {
    return returnState;
  }

  @Override
  public boolean goBackwards() {
    return goBackwards;
  }

  @Override
  public boolean zeroOutputForMask() {
    return zeroOutputForMask;
  }

  /** Two: {@code h} and {@code c}. */
  @Override
  public int stateTensors() {
    return 2;
  }

  /** How far the input convolution's window moves (one value, or one per spatial axis); default 1. */
  public T strides(int... strides) {
    return set("strides", () -> cell.strides = ConvArguments.tuple(name(), "strides", rank, false, strides));
  }

  /** {@code "valid"} (the default) or {@code "same"} for the input convolution; the recurrent one is always "same". */
  public T padding(String padding) {
    return set("padding", () -> cell.padding = ConvArguments.padding(name(), padding, "valid", "same"));
  }

  /** The input convolution's dilation (one value, or one per spatial axis); default 1. */
  public T dilationRate(int... dilationRate) {
    return set("dilationRate",
        () -> cell.dilationRate = ConvArguments.tuple(name(), "dilation_rate", rank, false, dilationRate));
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public T dataFormat(String dataFormat) {
    return set("dataFormat", () -> this.dataFormat = DataFormat.of(name(), dataFormat));
  }

  /** The activation of the output and candidate state ({@code "tanh"} by default). */
  public T activation(String name) {
    ActivationFunction function = Activations.get(name);
    return set("activation", () -> {
      cell.activation = function;
      cell.activationName = name == null ? "linear" : name;
    });
  }

  /** The activation of the gates ({@code "sigmoid"} by default). */
  public T recurrentActivation(String name) {
    ActivationFunction function = Activations.get(name);
    return set("recurrentActivation", () -> {
      cell.recurrentActivation = function;
      cell.recurrentActivationName = name == null ? "linear" : name;
    });
  }

  public T useBias(boolean useBias) {
    return set("useBias", () -> cell.useBias = useBias);
  }

  /** Start the forget gate's bias at 1 (true by default), as Keras's {@code unit_forget_bias}. */
  public T unitForgetBias(boolean unitForgetBias) {
    return set("unitForgetBias", () -> cell.unitForgetBias = unitForgetBias);
  }

  public T kernelInitializer(String name) {
    return set("kernelInitializer", () -> cell.kernelOptions.initializer(name));
  }

  public T kernelInitializer(Initializer initializer) {
    return set("kernelInitializer", () -> cell.kernelOptions.initializer(initializer));
  }

  public T recurrentInitializer(String name) {
    return set("recurrentInitializer", () -> cell.recurrentOptions.initializer(name));
  }

  public T recurrentInitializer(Initializer initializer) {
    return set("recurrentInitializer", () -> cell.recurrentOptions.initializer(initializer));
  }

  public T biasInitializer(String name) {
    return set("biasInitializer", () -> cell.biasOptions.initializer(name));
  }

  public T biasInitializer(Initializer initializer) {
    return set("biasInitializer", () -> cell.biasOptions.initializer(initializer));
  }

  public T kernelRegularizer(Regularizer regularizer) {
    return set("kernelRegularizer", () -> cell.kernelOptions.regularizer(regularizer));
  }

  public T recurrentRegularizer(Regularizer regularizer) {
    return set("recurrentRegularizer", () -> cell.recurrentOptions.regularizer(regularizer));
  }

  public T biasRegularizer(Regularizer regularizer) {
    return set("biasRegularizer", () -> cell.biasOptions.regularizer(regularizer));
  }

  public T kernelConstraint(Constraint constraint) {
    return set("kernelConstraint", () -> cell.kernelOptions.constraint(constraint));
  }

  public T kernelConstraint(String name) {
    return set("kernelConstraint", () -> cell.kernelOptions.constraint(name));
  }

  public T recurrentConstraint(Constraint constraint) {
    return set("recurrentConstraint", () -> cell.recurrentOptions.constraint(constraint));
  }

  public T recurrentConstraint(String name) {
    return set("recurrentConstraint", () -> cell.recurrentOptions.constraint(name));
  }

  public T biasConstraint(Constraint constraint) {
    return set("biasConstraint", () -> cell.biasOptions.constraint(constraint));
  }

  public T biasConstraint(String name) {
    return set("biasConstraint", () -> cell.biasOptions.constraint(name));
  }

  /** The fraction of the step's input dropped while training (one mask per gate, as Keras; clipped to [0, 1]). */
  public T dropout(double rate) {
    return set("dropout", () -> cell.dropout = Math.min(1.0, Math.max(0.0, rate)));
  }

  /** The fraction of the previous output dropped before the recurrent convolution while training. */
  public T recurrentDropout(double rate) {
    return set("recurrentDropout", () -> cell.recurrentDropout = Math.min(1.0, Math.max(0.0, rate)));
  }

  /** A fixed seed for the dropout masks (0 means unseeded). */
  public T seed(long seed) {
    return set("seed", () -> cell.seed = seed);
  }

  /** Return the output of every time step, {@code (batch, time, out_spatial..., filters)}, not only the last. */
  public T returnSequences(boolean returnSequences) {
    return set("returnSequences", () -> this.returnSequences = returnSequences);
  }

  /** Also return the final states: {@code applyAll} gives {@code [output, h, c]}. */
  public T returnState(boolean returnState) {
    return set("returnState", () -> this.returnState = returnState);
  }

  /** Process the sequence from its end. */
  public T goBackwards(boolean goBackwards) {
    return set("goBackwards", () -> this.goBackwards = goBackwards);
  }

  /** Unroll a sequence of known length into the graph however long (see {@link RNN#unroll(boolean)}). */
  public T unroll(boolean unroll) {
    return set("unroll", () -> this.unroll = unroll);
  }

  /** With a mask, give zeros (not the previous output) as the output of masked time steps. */
  @Override
  public T zeroOutputForMask(boolean zeroOutputForMask) {
    return set("zeroOutputForMask", () -> this.zeroOutputForMask = zeroOutputForMask);
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

  @Override
  public Map<String, Layer> wrappedLayers() {
    return Map.of("cell", cell);
  }

  // ------------------------------------------------------------------ building and calling

  private String layout() {
    String spatial = switch (rank) {
      case 1 -> "steps";
      case 2 -> "height, width";
      default -> "depth, height, width";
    };
    return DataFormat.isFirst(dataFormat) ? "(batch, time, channels, " + spatial + ")"
        : "(batch, time, " + spatial + ", channels)";
  }

  /** One channels-last time step {@code (batch, spatial..., channels)} of sequences of {@code shape}. */
  private Shape stepShape(Shape shape) {
    String className = getClass().getSimpleName();
    ConvArguments.requireRank(name(), className, shape, rank + 3, layout());
    long[] dims = shape.asArray();
    long[] step = new long[rank + 2];
    step[0] = dims[0];
    System.arraycopy(dims, 2, step, 1, rank + 1);
    Shape last = DataFormat.lastShape(dataFormat, Shape.of(step));
    for (int axis = 1; axis < rank + 2; axis++) {
      if (last.get(axis) == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + ") only supports known spatial "
            + "sizes and channels, got input shape " + shape + " " + layout() + ". Give the model's Input a fixed "
            + "size for every axis after the time axis.");
      }
    }
    if (Arrays.stream(cell.strides).anyMatch(s -> s > 1) && Arrays.stream(cell.dilationRate).anyMatch(d -> d > 1)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + "): specifying `strides > 1` is "
          + "not compatible with `dilation_rate > 1`. Received: strides=" + Arrays.toString(cell.strides)
          + " and dilation_rate=" + Arrays.toString(cell.dilationRate) + ". Give strides=1 or dilation_rate=1.");
    }
    ConvArguments.outputSizes(name(), className, last, cell.kernelSize, cell.strides, cell.dilationRate, cell.padding,
        "kernel_size");
    return last;
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    buildNested(cell, stepShape(inputShapes.get(0)));
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    KerasTensor sequences = inputs.get(0);
    stepShape(sequences.shape());
    List<KerasTensor> initial = inputs.subList(1, inputs.size());
    if (!initial.isEmpty() && initial.size() != 2) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + ") has 2 states "
          + "(h, c) but was given " + initial.size() + " initial state tensor(s)");
    }
    long timesteps = sequences.shape().get(1);
    KerasTensor x = Ops.cast(sequences, DType.FLOAT32);
    if (DataFormat.isFirst(dataFormat)) {
      int[] perm = new int[rank + 3];
      perm[0] = 0;
      perm[1] = 1;
      for (int i = 2; i < rank + 2; i++) {
        perm[i] = i + 1;
      }
      perm[rank + 2] = 2;
      x = Ops.transpose(x, perm);
    }
    long inputWidth = cell.inputWidth();
    long stateWidth = cell.stateWidth();
    KerasTensor flat = timesteps == Shape.UNKNOWN
        ? Ops.reshape(x, Ops.concatenate(new KerasTensor[] {leading(x, 2), vector(inputWidth)}, 0))
        : Ops.reshape(x, -1, timesteps, inputWidth);
    List<KerasTensor> states = new ArrayList<>(2);
    for (int i = 0; i < 2; i++) {
      states.add(initial.isEmpty() ? Ops.zeros(RNN.stepShape(flat, stateWidth), DType.FLOAT32)
          : flatState(initial.get(i), i));
    }
    cell.startSequence(RNN.stepShape(flat, inputWidth), RNN.stepShape(flat, stateWidth), training);
    String noWeights = TimeLoop.runsAsWhileLoop(timesteps, unroll) ? "it is called inside the while loop of layer \""
        + name() + "\"" : null;
    TimeLoop.Cell step = (input, previous) -> {
      String outer = Layer.NO_WEIGHTS_HERE.get();
      Layer.NO_WEIGHTS_HERE.set(noWeights == null ? outer : noWeights);
      try {
        return cell.step(input, previous);
      } finally {
        Layer.NO_WEIGHTS_HERE.set(outer);
      }
    };
    TimeLoop.Options options = new TimeLoop.Options(goBackwards, returnSequences, zeroOutputForMask,
        Math.toIntExact(stateWidth));
    TimeLoop.Result run = TimeLoop.run(step, flat, timesteps, states, timeMask(sequences.mask(), timesteps), options,
        unroll);
    List<KerasTensor> outputs = new ArrayList<>();
    outputs.add(returnSequences ? unflatSequence(run.output(), timesteps) : unflat(run.output()));
    if (returnState) {
      run.states().forEach(s -> outputs.add(unflat(s)));
    }
    return outputs;
  }

  /** The first {@code n} entries of {@code x}'s run-time shape, as int32. */
  private static KerasTensor leading(KerasTensor x, int n) {
    return Ops.slice(Ops.shape(x), new int[] {0}, new int[] {n});
  }

  private static KerasTensor vector(long... values) {
    int[] ints = Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    return Ops.convertToTensor(NdArrays.vectorOf(ints));
  }

  /** An initial state in the layer's format, checked and flattened channels-last. */
  private KerasTensor flatState(KerasTensor state, int index) {
    long[] dims = cell.outputDims();
    long[] expected = new long[rank + 2];
    expected[0] = Shape.UNKNOWN;
    System.arraycopy(dims, 0, expected, 1, dims.length);
    Shape want = DataFormat.isFirst(dataFormat) ? firstShape(Shape.of(expected)) : Shape.of(expected);
    if (!want.isCompatibleWith(state.shape())) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + ") expects "
          + "initial state " + index + " (" + (index == 0 ? "h" : "c") + ") of shape " + want + ", got shape "
          + state.shape());
    }
    KerasTensor last = DataFormat.toLast(dataFormat, Ops.cast(state, DType.FLOAT32));
    return Ops.reshape(last, -1, cell.stateWidth());
  }

  private static Shape firstShape(Shape last) {
    long[] dims = last.asArray();
    long[] moved = new long[dims.length];
    moved[0] = dims[0];
    moved[1] = dims[dims.length - 1];
    System.arraycopy(dims, 1, moved, 2, dims.length - 2);
    return Shape.of(moved);
  }

  /** A flat state or last output {@code (batch, stateWidth)} as {@code (batch, out_spatial..., filters)}, in format. */
  private KerasTensor unflat(KerasTensor flat) {
    long[] dims = cell.outputDims();
    long[] shape = new long[dims.length + 1];
    shape[0] = -1;
    System.arraycopy(dims, 0, shape, 1, dims.length);
    return DataFormat.fromLast(dataFormat, Ops.reshape(flat, shape));
  }

  /** The flat sequence output {@code (batch, time, stateWidth)} as {@code (batch, time, out_spatial..., filters)}. */
  private KerasTensor unflatSequence(KerasTensor flat, long timesteps) {
    long[] dims = cell.outputDims();
    KerasTensor shaped;
    if (timesteps == Shape.UNKNOWN) {
      shaped = Ops.reshape(flat, Ops.concatenate(new KerasTensor[] {leading(flat, 2), vector(dims)}, 0));
    } else {
      long[] shape = new long[dims.length + 2];
      shape[0] = -1;
      shape[1] = timesteps;
      System.arraycopy(dims, 0, shape, 2, dims.length);
      shaped = Ops.reshape(flat, shape);
    }
    if (!DataFormat.isFirst(dataFormat)) {
      return shaped;
    }
    int[] perm = new int[rank + 3];
    perm[0] = 0;
    perm[1] = 1;
    perm[2] = rank + 2;
    for (int i = 3; i < rank + 3; i++) {
      perm[i] = i - 1;
    }
    return Ops.transpose(shaped, perm);
  }

  /** The input mask as {@code (batch, time)} bool, or null without one. */
  private KerasTensor timeMask(KerasTensor mask, long timesteps) {
    if (mask == null) {
      return null;
    }
    Shape shape = mask.shape();
    long steps = shape.rank() == 2 ? shape.get(1) : Shape.UNKNOWN;
    if (shape.rank() != 2 || (steps != Shape.UNKNOWN && timesteps != Shape.UNKNOWN && steps != timesteps)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + ") expects a "
          + "mask of shape (batch, " + (timesteps == Shape.UNKNOWN ? "time" : timesteps) + "), got shape " + shape);
    }
    return mask.dtype() == DType.BOOL ? mask : Ops.cast(mask, DType.BOOL);
  }

  /** The mask of the sequence output with {@code returnSequences}, as Keras's ConvLSTM; none otherwise. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return returnSequences ? masks.get(0) : null;
  }

  // ------------------------------------------------------------------ serialization

  /** Reads the options a Keras config of a ConvLSTM layer holds. */
  protected static <L extends ConvLSTM<L>> L configure(L layer, Config config) {
    if (config.getBoolean("stateful", false)) {
      throw new IllegalArgumentException(layer.getClass().getSimpleName() + " \"" + layer.name() + "\": stateful=True "
          + "is not supported by jkeras; save the layer with stateful=False");
    }
    if (config.get("activity_regularizer") != null) {
      throw new IllegalArgumentException(layer.getClass().getSimpleName() + " \"" + layer.name() + "\": "
          + "activity_regularizer is not supported by jkeras; follow the layer with an ActivityRegularization layer");
    }
    int[] strides = ConvArguments.ints(config, "strides", null);
    if (strides != null) {
      layer.strides(strides);
    }
    int[] dilation = ConvArguments.ints(config, "dilation_rate", null);
    if (dilation != null) {
      layer.dilationRate(dilation);
    }
    layer.padding(config.getString("padding", "valid"))
        .dataFormat(config.getString("data_format", DataFormat.CHANNELS_LAST))
        .activation(config.getString("activation", "tanh"))
        .recurrentActivation(config.getString("recurrent_activation", "sigmoid"))
        .useBias(config.getBoolean("use_bias", true))
        .unitForgetBias(config.getBoolean("unit_forget_bias", true));
    ConvLSTMCell cell = ((ConvLSTM<L>) layer).cell;
    WeightOptions.readAll(config, cell.kernelOptions, cell.recurrentOptions, cell.biasOptions);
    return layer.dropout(config.getDouble("dropout", 0))
        .recurrentDropout(config.getDouble("recurrent_dropout", 0))
        .seed(config.get("seed") == null ? 0 : config.getLong("seed", 0))
        .returnSequences(config.getBoolean("return_sequences", false))
        .returnState(config.getBoolean("return_state", false))
        .goBackwards(config.getBoolean("go_backwards", false))
        .unroll(config.getBoolean("unroll", false))
        .zeroOutputForMask(config.getBoolean("zero_output_for_mask", false));
  }


  /** The filters and kernel size a config holds, for the concrete layers' {@code fromConfig}. */
  protected static int[] filtersAndKernel(Config config, String className) {
    if (!config.has("filters") || !config.has("kernel_size")) {
      throw new IllegalArgumentException(className + "'s config needs \"filters\" and \"kernel_size\", got " + config);
    }
    int[] kernel = ConvArguments.ints(config, "kernel_size", null);
    int[] all = new int[kernel.length + 1];
    all[0] = config.getInt("filters", 0);
    System.arraycopy(kernel, 0, all, 1, kernel.length);
    return all;
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
    config.put("filters", cell.filters);
    config.put("kernel_size", ConvArguments.list(cell.kernelSize));
    config.put("strides", ConvArguments.list(cell.strides));
    config.put("padding", cell.padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArguments.list(cell.dilationRate));
    config.put("activation", Activations.serialize(cell.activationName, this));
    config.put("recurrent_activation", Activations.serialize(cell.recurrentActivationName, this));
    config.put("use_bias", cell.useBias);
    WeightOptions.putInitializers(config, cell.kernelOptions, cell.recurrentOptions, cell.biasOptions);
    config.put("unit_forget_bias", cell.unitForgetBias);
    WeightOptions.putRegularizers(config, cell.kernelOptions, cell.recurrentOptions, cell.biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, cell.kernelOptions, cell.recurrentOptions, cell.biasOptions);
    config.put("dropout", cell.dropout);
    config.put("recurrent_dropout", cell.recurrentDropout);
    config.put("seed", cell.seed == 0 ? null : cell.seed);
    return config;
  }
}
