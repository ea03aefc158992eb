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
import java.util.Arrays;
import java.util.Map;

/**
 * The separable convolutions' common part, as Keras's {@code BaseSeparableConv}: a depthwise
 * convolution (kernel {@code depthwise_kernel}, {@code (spatial..., channels, depthMultiplier)}) then a
 * pointwise one mixing the channels (kernel {@code pointwise_kernel}, {@code (1..., channels *
 * depthMultiplier, filters)}), then the bias {@code (filters)}.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseSeparableConv<T extends BaseSeparableConv<T>> extends AbstractDepthwiseConv<T> {
  private final int filters;
  private final WeightOptions pointwiseOptions =
      new WeightOptions(this, "pointwise", Initializers.get("glorot_uniform"));
  private Variable depthwiseKernel;
  private Variable pointwiseKernel;

  protected BaseSeparableConv(int rank, int filters, int... kernelSize) {
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

  public T pointwiseInitializer(String name) {
    pointwiseOptions.initializer(name);
    return self();
  }

  public T pointwiseInitializer(Initializer initializer) {
    pointwiseOptions.initializer(initializer);
    return self();
  }

  public T pointwiseRegularizer(Regularizer regularizer) {
    pointwiseOptions.regularizer(regularizer);
    return self();
  }

  public T pointwiseConstraint(Constraint constraint) {
    pointwiseOptions.constraint(constraint);
    return self();
  }

  public T pointwiseConstraint(String name) {
    pointwiseOptions.constraint(name);
    return self();
  }

  /** The depthwise kernel, once built. */
  public Variable depthwiseKernel() {
    return depthwiseKernel;
  }

  /** The pointwise kernel, once built. */
  public Variable pointwiseKernel() {
    return pointwiseKernel;
  }

  @Override
  void createWeights(long channels) {
    depthwiseKernel = addDepthwiseKernel("depthwise_kernel", channels);
    long[] pointwise = new long[rank() + 2];
    Arrays.fill(pointwise, 0, rank(), 1);
    pointwise[rank()] = channels * depthMultiplier();
    pointwise[rank() + 1] = filters;
    pointwiseKernel = pointwiseOptions.addWeight("pointwise_kernel", Shape.of(pointwise));
  }

  @Override
  long biasSize(long channels) {
    return filters;
  }

  @Override
  KerasTensor convolve(KerasTensor x) {
    return Ops.separableConv(x, depthwiseKernel.value(), pointwiseKernel.value(), strides(), padding(),
        "channels_last", dilationRate());
  }

  /** Applies the options a Keras config of a separable convolution layer holds. */
  protected static <L extends BaseSeparableConv<L>> L configure(L layer, Config config) {
    configureCommon(layer, config);
    layer.depthMultiplier(config.getInt("depth_multiplier", 1));
    BaseSeparableConv<L> base = layer;
    WeightOptions.readAll(config, base.depthwiseOptions(), base.pointwiseOptions, base.biasOptions());
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("depth_multiplier", depthMultiplier());
    config.put("filters", filters);
    putCommon(config);
    WeightOptions.putInitializers(config, depthwiseOptions(), pointwiseOptions, biasOptions());
    WeightOptions.putRegularizers(config, depthwiseOptions(), pointwiseOptions, biasOptions());
    WeightOptions.putConstraints(config, depthwiseOptions(), pointwiseOptions, biasOptions());
    return config;
  }
}
