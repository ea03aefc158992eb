package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;

/**
 * Keras's compile identifiers {@code "crossentropy"} and {@code "ce"}: binary, sparse categorical or
 * categorical cross-entropy, chosen from the shapes of the targets and predictions as Keras's {@code
 * get_loss} does (one prediction per sample: binary; integer labels: sparse; else categorical).
 */
final class ShapeResolvedCrossentropy extends Loss {
  ShapeResolvedCrossentropy(String name) {
    super(name);
  }

  /** The cross-entropy Keras picks for targets of shape {@code yTrue} against predictions of shape {@code yPred}. */
  Loss resolve(Shape yTrue, Shape yPred) {
    long predLast = yPred.rank() == 0 ? 1 : yPred.get(-1);
    long trueLast = yTrue.rank() == 0 ? 1 : yTrue.get(-1);
    Loss loss;
    if (predLast == 1) {
      loss = new BinaryCrossentropy(false, name());
    } else if (yTrue.rank() < yPred.rank() || trueLast == 1 && predLast > 1) {
      loss = new SparseCategoricalCrossentropy(false, name());
    } else {
      loss = new CategoricalCrossentropy(false, name());
    }
    return loss.reduction(reduction());
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return resolve(yTrue.shape(), yPred.shape()).call(yTrue, yPred);
  }

  @Override
  public KerasTensor apply(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    return resolve(yTrue.shape(), yPred.shape()).apply(yTrue, yPred, sampleWeight);
  }
}
