package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * The convolution layers' common part, as Keras's {@code BaseConv}: {@code activation(conv(inputs,
 * kernel) + bias)} with a kernel of shape {@code (spatial..., inChannels / groups, filters)}.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseConv<T extends BaseConv<T>> extends AbstractConv<T> {
  private final int filters;
  private int groups = 1;
  private final WeightOptions kernelOptions = new WeightOptions(this, "kernel", Initializers.get("glorot_uniform"));

  private Variable kernel;

  protected BaseConv(int rank, int filters, int... kernelSize) {
    super(rank, kernelSize);
    if (filters <= 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": invalid value for argument `filters`, expected a "
          + "strictly positive value, got " + filters);
    }
    this.filters = filters;
  }

  /** The number of output channels. */
  public int filters() {
    return filters;
  }

  public int groups() {
    return groups;
  }

  /**
   * Grouped convolution (Keras's {@code groups}, default 1): the input channels are split into
   * {@code groups} groups, each convolved with its own {@code filters / groups} filters, and the results
   * concatenated. Both the filters and the input channels must be divisible by {@code groups}.
   */
  public T groups(int groups) {
    checkNotBuilt("groups");
    if (groups <= 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": the number of groups must be a positive "
          + "integer, got groups=" + groups);
    }
    if (filters % groups != 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": the number of filters must be evenly divisible "
          + "by the number of groups, got groups=" + groups + " and filters=" + filters);
    }
    this.groups = groups;
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

  public T kernelRegularizer(Regularizer regularizer) {
    kernelOptions.regularizer(regularizer);
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

  /** The kernel weight, once built. */
  public Variable kernel() {
    return kernel;
  }

  @Override
  void checkChannels(long channels) {
    if (channels % groups != 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + "): the number "
          + "of input channels must be evenly divisible by the number of groups, got groups=" + groups
          + " but the input has " + channels + " channels");
    }
  }

  @Override
  void createWeights(long channels) {
    kernel = kernelOptions.addWeight("kernel", Shape.of(kernelShape(channels)));
  }

  @Override
  long biasSize(long channels) {
    return filters;
  }

  /** {@code (spatial..., inChannels / groups, filters)}; transposed convolutions swap the last two. */
  long[] kernelShape(long channels) {
    int rank = rank();
    long[] kernelShape = new long[rank + 2];
    int[] kernelSize = kernelSize();
    for (int i = 0; i < rank; i++) {
      kernelShape[i] = kernelSize[i];
    }
    kernelShape[rank] = channels / groups;
    kernelShape[rank + 1] = filters;
    return kernelShape;
  }

  @Override
  final KerasTensor convolve(KerasTensor x) {
    return convolve(x, kernel.value());
  }

  /** The convolution of float channels-last inputs {@code x} with {@code kernel}, before the bias and activation. */
  KerasTensor convolve(KerasTensor x, KerasTensor kernel) {
    String convPadding = padding();
    if (convPadding.equals("causal")) {
      int left = dilationRate()[0] * (kernelSize()[0] - 1);
      x = Ops.pad(x, new int[][] {{0, 0}, {left, 0}, {0, 0}});
      convPadding = "valid";
    }
    return Ops.conv(x, kernel, strides(), convPadding, dilationRate());
  }

  /** Applies the options a Keras config of a convolution layer holds. */
  protected static <L extends BaseConv<L>> L configure(L layer, Config config) {
    configureCommon(layer, config);
    if (config.has("groups")) {
      layer.groups(config.getInt("groups", 1));
    }
    BaseConv<L> base = layer;
    WeightOptions.readAll(config, base.kernelOptions, base.biasOptions());
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("filters", filters);
    putCommon(config);
    config.put("groups", groups);
    WeightOptions.putInitializers(config, kernelOptions, biasOptions());
    WeightOptions.putRegularizers(config, kernelOptions, biasOptions());
    WeightOptions.putConstraints(config, kernelOptions, biasOptions());
    return config;
  }
}
