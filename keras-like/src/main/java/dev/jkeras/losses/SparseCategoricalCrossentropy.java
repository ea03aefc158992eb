package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/**
 * Cross-entropy between integer labels and predicted class probabilities (or logits with
 * {@code fromLogits}).
 */
public class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  public SparseCategoricalCrossentropy() {
    this(false);
  }

  public SparseCategoricalCrossentropy(boolean fromLogits) {
    super("sparse_categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.shape().get(-1) == 1) {
      labels = Ops.squeeze(labels, -1);
    }
    int classes = Math.toIntExact(yPred.shape().get(-1));
    KerasTensor oneHot = Ops.oneHot(labels, classes, yPred.dtype());
    return Crossentropy.categorical(oneHot, yPred, fromLogits);
  }
}
