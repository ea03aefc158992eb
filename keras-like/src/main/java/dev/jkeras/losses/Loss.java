package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/**
 * A loss: per-sample values from {@link #call}, averaged over the batch by {@link #apply} (Keras's
 * {@code sum_over_batch_size} reduction).
 */
public abstract class Loss {
  /** Keras's fuzz factor for clipping probabilities. */
  protected static final double EPSILON = 1e-7;

  private final String name;

  protected Loss(String name) {
    this.name = name;
  }

  /** Keras's name, e.g. {@code sparse_categorical_crossentropy}. */
  public String name() {
    return name;
  }

  /** The loss of each sample: shape {@code (batch,)}. */
  public abstract KerasTensor call(KerasTensor yTrue, KerasTensor yPred);

  /** The mean loss over the batch, a scalar. */
  public KerasTensor apply(KerasTensor yTrue, KerasTensor yPred) {
    return Ops.mean(call(yTrue, yPred));
  }

  /**
   * The batch loss with each sample counting {@code sampleWeight} times (shape {@code (batch,)}; null
   * for unweighted): {@code sum(weight * loss) / size}, Keras's {@code sum_over_batch_size} reduction
   * of weighted losses, so weights scale the loss rather than being normalized away.
   */
  public KerasTensor apply(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    if (sampleWeight == null) {
      return apply(yTrue, yPred);
    }
    KerasTensor values = call(yTrue, yPred);
    KerasTensor weights = Ops.cast(sampleWeight, values.dtype());
    if (weights.rank() == values.rank() + 1 && weights.rank() > 0) {
      weights = Ops.squeeze(weights, -1);
    }
    while (weights.rank() < values.rank()) {
      weights = Ops.expandDims(weights, -1);
    }
    return Ops.mean(Ops.multiply(values, weights));
  }

  /** A loss from a function of {@code (yTrue, yPred)} returning per-sample values. */
  public static Loss of(String name, LossFunction function) {
    return new Loss(name) {
      @Override
      public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
        return function.apply(yTrue, yPred);
      }
    };
  }

  /** {@code yTrue} cast to {@code yPred}'s dtype and brought to its rank, as Keras does for dense targets. */
  protected static KerasTensor matchTargets(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Ops.cast(yTrue, yPred.dtype());
    if (target.rank() == yPred.rank() - 1) {
      target = Ops.expandDims(target, -1);
    } else if (target.rank() == yPred.rank() + 1 && target.shape().get(-1) == 1) {
      target = Ops.squeeze(target, -1);
    }
    return target;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
