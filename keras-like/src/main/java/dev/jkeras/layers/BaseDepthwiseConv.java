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
 * The depthwise convolutions' common part, as Keras's {@code BaseDepthwiseConv}: each input channel is
 * convolved with its own {@code depthMultiplier} filters, a kernel of shape {@code (spatial..., channels,
 * depthMultiplier)}, giving {@code channels * depthMultiplier} output channels (channel
 * {@code c * depthMultiplier + m} from input channel {@code c}).
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class BaseDepthwiseConv<T extends BaseDepthwiseConv<T>> extends AbstractConv<T> {
  private int depthMultiplier = 1;
  private final WeightOptions depthwiseOptions =
      new WeightOptions(this, "depthwise", Initializers.get("glorot_uniform"));
  private Variable kernel;

  protected BaseDepthwiseConv(int rank, int... kernelSize) {
    super(rank, kernelSize);
  }

  public int depthMultiplier() {
    return depthMultiplier;
  }

  /** The number of filters per input channel (Keras's {@code depth_multiplier}); default 1. */
  public T depthMultiplier(int depthMultiplier) {
    checkNotBuilt("depthMultiplier");
    if (depthMultiplier <= 0) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": invalid value for argument `depth_multiplier`, "
          + "expected a strictly positive value, got depth_multiplier=" + depthMultiplier);
    }
    this.depthMultiplier = depthMultiplier;
    return self();
  }

  public T depthwiseInitializer(String name) {
    depthwiseOptions.initializer(name);
    return self();
  }

  public T depthwiseInitializer(Initializer initializer) {
    depthwiseOptions.initializer(initializer);
    return self();
  }

  public T depthwiseRegularizer(Regularizer regularizer) {
    depthwiseOptions.regularizer(regularizer);
    return self();
  }

  /** A constraint applied to the depthwise kernel after each optimizer update. */
  public T depthwiseConstraint(Constraint constraint) {
    depthwiseOptions.constraint(constraint);
    return self();
  }

  public T depthwiseConstraint(String name) {
    depthwiseOptions.constraint(name);
    return self();
  }

  /** The depthwise kernel (Keras's weight {@code kernel}), once built. */
  public Variable kernel() {
    return kernel;
  }

  @Override
  boolean rejectsStridedDilation() {
    return false;
  }

  @Override
  void createWeights(long channels) {
    long[] shape = new long[rank() + 2];
    int[] kernelSize = kernelSize();
    for (int i = 0; i < rank(); i++) {
      shape[i] = kernelSize[i];
    }
    shape[rank()] = channels;
    shape[rank() + 1] = depthMultiplier;
    kernel = depthwiseOptions.addWeight("kernel", Shape.of(shape));
  }

  @Override
  long biasSize(long channels) {
    return channels * depthMultiplier;
  }

  @Override
  KerasTensor convolve(KerasTensor x) {
    return Ops.depthwiseConv(x, kernel.value(), strides(), padding(), "channels_last", dilationRate());
  }

  /** Applies the options a Keras config of a depthwise convolution layer holds. */
  protected static <L extends BaseDepthwiseConv<L>> L configure(L layer, Config config) {
    configureCommon(layer, config);
    layer.depthMultiplier(config.getInt("depth_multiplier", 1));
    BaseDepthwiseConv<L> base = layer;
    WeightOptions.readAll(config, base.depthwiseOptions, base.biasOptions());
    return layer;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("depth_multiplier", depthMultiplier);
    putCommon(config);
    WeightOptions.putInitializers(config, depthwiseOptions, biasOptions());
    WeightOptions.putRegularizers(config, depthwiseOptions, biasOptions());
    WeightOptions.putConstraints(config, depthwiseOptions, biasOptions());
    return config;
  }
}
