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
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What every convolution layer shares (plain, transposed, depthwise, separable): the window's kernel
 * size, strides, padding, dilation and data format, the activation and the bias. {@code activation(
 * convolve(inputs) + bias)}; the convolution itself is the subclass's, always on channels-last inputs:
 * {@code "channels_first"} inputs are transposed to channels-last and the outputs back.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class AbstractConv<T extends AbstractConv<T>> extends Layer {
  private final int rank;
  private int[] kernelSize;
  private int[] strides;
  private String padding = "valid";
  private String dataFormat = "channels_last";
  private int[] dilationRate;
  private String activationName = "linear";
  private ActivationFunction activation = Activations::linear;
  private boolean useBias = true;
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());
  private Variable bias;

  protected AbstractConv(int rank, int... kernelSize) {
    this.rank = rank;
    this.kernelSize = ConvArguments.tuple(name(), "kernel_size", rank, false, kernelSize);
    this.strides = ConvArguments.tuple(name(), "strides", rank, false, 1);
    this.dilationRate = ConvArguments.tuple(name(), "dilation_rate", rank, false, 1);
  }

  @SuppressWarnings("unchecked")
  final T self() {
    return (T) this;
  }

  /** The number of spatial axes: 1, 2 or 3. */
  final int rank() {
    return rank;
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public String padding() {
    return padding;
  }

  public String dataFormat() {
    return dataFormat;
  }

  public int[] dilationRate() {
    return dilationRate.clone();
  }

  public boolean useBias() {
    return useBias;
  }

  /** The stride of the window along each spatial axis (one value for all, or one per axis); default 1. */
  public T strides(int... strides) {
    checkNotBuilt("strides");
    this.strides = ConvArguments.tuple(name(), "strides", rank, false, strides);
    return self();
  }

  /** {@code "valid"} (no padding, the default) or {@code "same"} (output size = ceil(input / stride)). */
  public T padding(String padding) {
    checkNotBuilt("padding");
    this.padding = ConvArguments.padding(name(), padding, allowedPaddings());
    return self();
  }

  /** The paddings this layer accepts. */
  String[] allowedPaddings() {
    return new String[] {"valid", "same"};
  }

  /**
   * {@code "channels_last"} (the default, {@code (batch, spatial..., channels)}) or
   * {@code "channels_first"} ({@code (batch, channels, spatial...)}).
   */
  public T dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    String f = dataFormat == null ? "channels_last" : dataFormat.toLowerCase(Locale.ROOT);
    if (!f.equals("channels_last") && !f.equals("channels_first")) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": the `data_format` argument must be one of "
          + "[channels_first, channels_last], got \"" + dataFormat + "\"");
    }
    this.dataFormat = f;
    return self();
  }

  /** The dilation of the kernel (one value for all axes, or one per axis); default 1. */
  public T dilationRate(int... dilationRate) {
    checkNotBuilt("dilationRate");
    this.dilationRate = ConvArguments.tuple(name(), "dilation_rate", rank, false, dilationRate);
    return self();
  }

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

  public T useBias(boolean useBias) {
    checkNotBuilt("useBias");
    this.useBias = useBias;
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

  public T biasRegularizer(Regularizer regularizer) {
    biasOptions.regularizer(regularizer);
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

  /** The bias weight, once built (null without a bias). */
  public Variable bias() {
    return bias;
  }

  final WeightOptions biasOptions() {
    return biasOptions;
  }

  /** Whether Keras refuses strides > 1 together with dilation_rate > 1 for this layer. */
  boolean rejectsStridedDilation() {
    return true;
  }

  @Override
  protected void build(Shape inputShape) {
    String className = getClass().getSimpleName();
    boolean first = dataFormat.equals("channels_first");
    String spatial = switch (rank) {
      case 1 -> "steps";
      case 2 -> "height, width";
      default -> "depth, height, width";
    };
    ConvArguments.requireRank(name(), className, inputShape, rank + 2,
        first ? "(batch, channels, " + spatial + ")" : "(batch, " + spatial + ", channels)");
    if (rejectsStridedDilation() && Arrays.stream(strides).anyMatch(s -> s > 1)
        && Arrays.stream(dilationRate).anyMatch(d -> d > 1)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + "): strides > 1 are not supported "
          + "together with dilation_rate > 1, got strides=" + Arrays.toString(strides) + " and dilation_rate="
          + Arrays.toString(dilationRate));
    }
    Shape last = channelsLast(inputShape);
    long channels = last.get(-1);
    if (channels == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + ") needs a known channel "
          + "dimension (axis " + (first ? "1, data_format=\"channels_first\"" : "-1") + "), got input shape "
          + inputShape);
    }
    checkChannels(channels);
    checkOutputSize(last);
    createWeights(channels);
    if (useBias) {
      bias = biasOptions.addWeight("bias", Shape.of(biasSize(channels)));
    }
  }

  /** {@code shape} with its channels last (for {@code "channels_first"}, axis 1 moved to the end). */
  final Shape channelsLast(Shape shape) {
    if (!dataFormat.equals("channels_first")) {
      return shape;
    }
    long[] dims = shape.asArray();
    long[] out = new long[dims.length];
    out[0] = dims[0];
    System.arraycopy(dims, 2, out, 1, dims.length - 2);
    out[dims.length - 1] = dims[1];
    return Shape.of(out);
  }

  /** Fails when the inputs' channels do not suit the layer (e.g. not divisible by the groups). */
  void checkChannels(long channels) {}

  /** Fails when the output would be empty (a "valid" window larger than the input); channels-last shape. */
  void checkOutputSize(Shape inputShape) {
    ConvArguments.outputSizes(name(), getClass().getSimpleName(), inputShape, kernelSize, strides, dilationRate,
        padding.equals("causal") ? "same" : padding, "kernel_size");
  }

  /** Creates the layer's kernels for inputs with {@code channels} channels (the bias is created after them). */
  abstract void createWeights(long channels);

  /** The length of the bias. */
  abstract long biasSize(long channels);

  /** The convolution of float channels-last inputs {@code x}, before the bias and activation. */
  abstract KerasTensor convolve(KerasTensor x);

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    boolean first = dataFormat.equals("channels_first");
    int r = rank + 2;
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    if (first) {
      int[] axes = new int[r];
      for (int i = 1; i < r - 1; i++) {
        axes[i] = i + 1;
      }
      axes[r - 1] = 1;
      x = Ops.transpose(x, axes);
    }
    KerasTensor outputs = convolve(x);
    if (useBias) {
      outputs = Ops.add(outputs, bias.value());
    }
    if (first) {
      int[] axes = new int[r];
      axes[1] = r - 1;
      for (int i = 2; i < r; i++) {
        axes[i] = i - 1;
      }
      outputs = Ops.transpose(outputs, axes);
    }
    return activation.apply(outputs);
  }

  /** Applies the options every convolution config holds: window, padding, format, activation, bias. */
  static <L extends AbstractConv<L>> L configureCommon(L layer, Config config) {
    layer.strides(ConvArguments.ints(config, "strides", new int[] {1}));
    layer.padding(config.getString("padding", "valid"));
    layer.dataFormat(config.getString("data_format", "channels_last"));
    layer.dilationRate(ConvArguments.ints(config, "dilation_rate", new int[] {1}));
    layer.activation(config.getString("activation", "linear"));
    layer.useBias(config.getBoolean("use_bias", true));
    return layer;
  }

  /** The config entries every convolution layer has; the subclass adds its own. */
  final void putCommon(Map<String, Object> config) {
    config.put("kernel_size", ConvArguments.list(kernelSize));
    config.put("strides", ConvArguments.list(strides));
    config.put("padding", padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArguments.list(dilationRate));
    config.put("activation", Activations.serialize(activationName, this));
    config.put("use_bias", useBias);
    config.put("activity_regularizer", null);
  }
}
