package dev.jkeras.layers;

import dev.jkeras.Shape;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.regularizers.Regularizer;

/**
 * What the depthwise and separable convolutions share: a depthwise kernel of shape {@code (spatial...,
 * channels, depthMultiplier)}, convolving each input channel with its own {@code depthMultiplier} filters,
 * its options ({@code depthwise_*}), and strides allowed together with dilation.
 *
 * @param <T> the concrete layer, so options chain
 */
public abstract class AbstractDepthwiseConv<T extends AbstractDepthwiseConv<T>> extends AbstractConv<T> {
  private int depthMultiplier = 1;
  private final WeightOptions depthwiseOptions =
      new WeightOptions(this, "depthwise", Initializers.get("glorot_uniform"));

  AbstractDepthwiseConv(int rank, int... kernelSize) {
    super(rank, kernelSize);
  }

  public int depthMultiplier() {
    return depthMultiplier;
  }

  /** The number of depthwise filters per input channel (Keras's {@code depth_multiplier}); default 1. */
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

  final WeightOptions depthwiseOptions() {
    return depthwiseOptions;
  }

  @Override
  boolean rejectsStridedDilation() {
    return false;
  }

  /** Adds the depthwise kernel for {@code channels} input channels, as the weight {@code name}. */
  final Variable addDepthwiseKernel(String name, long channels) {
    long[] shape = new long[rank() + 2];
    int[] kernelSize = kernelSize();
    for (int i = 0; i < rank(); i++) {
      shape[i] = kernelSize[i];
    }
    shape[rank()] = channels;
    shape[rank() + 1] = depthMultiplier;
    return depthwiseOptions.addWeight(name, Shape.of(shape));
  }
}
