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
import java.util.Map;

/**
 * The convolution layers' common part, as Keras's {@code BaseConv}: {@code activation(conv(inputs,
 * kernel) + bias)} on channels-last inputs, with a kernel of shape {@code (spatial..., inChannels,
 * filters)}.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseConv<T extends BaseConv<T>> extends Layer {
  private final int rank;
  private final int filters;
  private int[] kernelSize;
  private int[] strides;
  private String padding = "valid";
  private String dataFormat = "channels_last";
  private int[] dilationRate;
  private String activationName = "linear";
  private ActivationFunction activation = Activations::linear;
  private boolean useBias = true;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));
  private final WeightOptions biasOptions = new WeightOptions(this, "bias", Initializers.zeros());

  private Variable kernel;
  private Variable bias;

  protected BaseConv(int rank, int filters, int... kernelSize) {
    this.rank = rank;
    if (filters <= 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": invalid value for argument `filters`, expected a "
          + "strictly positive value, got " + filters);
    }
    this.filters = filters;
    this.kernelSize = ConvArguments.tuple(name(), "kernel_size", rank, false, kernelSize);
    this.strides = ConvArguments.tuple(name(), "strides", rank, false, 1);
    this.dilationRate = ConvArguments.tuple(name(), "dilation_rate", rank, false, 1);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** The number of output channels. */
  public int filters() {
    return filters;
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

  public int[] dilationRate() {
    return dilationRate.clone();
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

  /** Only {@code "channels_last"} (the default) is supported; {@code "channels_first"} is a clear error. */
  public T dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = ConvArguments.dataFormat(name(), dataFormat);
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

  public T kernelInitializer(String name) {
    kernelOptions.initializer(name);
    return self();
  }

  public T kernelInitializer(Initializer initializer) {
    kernelOptions.initializer(initializer);
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

  public T kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
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

  /** The kernel weight, once built. */
  public Variable kernel() {
    return kernel;
  }

  @Override
  protected void build(Shape inputShape) {
    String className = getClass().getSimpleName();
    ConvArguments.requireRank(name(), className, inputShape, rank + 2,
        rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)");
    if (Arrays.stream(strides).anyMatch(s -> s > 1) && Arrays.stream(dilationRate).anyMatch(d -> d > 1)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + "): strides > 1 are not supported "
          + "together with dilation_rate > 1, got strides=" + Arrays.toString(strides) + " and dilation_rate="
          + Arrays.toString(dilationRate));
    }
    long channels = inputShape.get(-1);
    if (channels == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className + ") needs a known channel "
          + "dimension (the last axis), got input shape " + inputShape);
    }
    checkOutputSize(inputShape);
    kernel = kernelOptions.addWeight("kernel", Shape.of(kernelShape(channels)));
    if (useBias) {
      bias = biasOptions.addWeight("bias", Shape.of(filters));
    }
  }

  /** Fails when the output would be empty (a "valid" window larger than the input). */
  void checkOutputSize(Shape inputShape) {
    ConvArguments.outputSizes(name(), getClass().getSimpleName(), inputShape, kernelSize, strides, dilationRate,
        padding.equals("causal") ? "same" : padding, "kernel_size");
  }

  /** {@code (spatial..., inChannels, filters)}; transposed convolutions swap the last two. */
  long[] kernelShape(long channels) {
    long[] kernelShape = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      kernelShape[i] = kernelSize[i];
    }
    kernelShape[rank] = channels;
    kernelShape[rank + 1] = filters;
    return kernelShape;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor outputs = convolve(Ops.cast(inputs, DType.FLOAT32), kernel.value());
    if (useBias) {
      outputs = Ops.add(outputs, bias.value());
    }
    return activation.apply(outputs);
  }

  /** The convolution of float inputs {@code x} with {@code kernel}, before the bias and activation. */
  KerasTensor convolve(KerasTensor x, KerasTensor kernel) {
    String convPadding = padding;
    if (padding.equals("causal")) {
      int left = dilationRate[0] * (kernelSize[0] - 1);
      x = Ops.pad(x, new int[][] {{0, 0}, {left, 0}, {0, 0}});
      convPadding = "valid";
    }
    return Ops.conv(x, kernel, strides, convPadding, dilationRate);
  }

  /** Applies the options a Keras config of a convolution layer holds. */
  protected static <L extends BaseConv<L>> L configure(L layer, Config config) {
    layer.strides(ConvArguments.ints(config, "strides", new int[] {1}));
    layer.padding(config.getString("padding", "valid"));
    layer.dataFormat(config.getString("data_format", "channels_last"));
    layer.dilationRate(ConvArguments.ints(config, "dilation_rate", new int[] {1}));
    if (config.getInt("groups", 1) != 1) {
      throw new IllegalArgumentException("Layer \"" + layer.name() + "\": groups=" + config.getInt("groups", 1)
          + " (grouped convolution) is not supported by jkeras yet");
    }
    layer.activation(config.getString("activation", "linear"));
    layer.useBias(config.getBoolean("use_bias", true));
    BaseConv<L> base = layer;
    WeightOptions.readAll(config, base.kernelOptions, base.biasOptions);
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("filters", filters);
    config.put("kernel_size", ConvArguments.list(kernelSize));
    config.put("strides", ConvArguments.list(strides));
    config.put("padding", padding);
    config.put("data_format", dataFormat);
    config.put("dilation_rate", ConvArguments.list(dilationRate));
    config.put("groups", 1);
    config.put("activation", Activations.serialize(activationName, this));
    config.put("use_bias", useBias);
    WeightOptions.putInitializers(config, kernelOptions, biasOptions);
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions);
    config.put("activity_regularizer", null);
    WeightOptions.putConstraints(config, kernelOptions, biasOptions);
    return config;
  }
}
