package dev.jkeras.losses;

import dev.jkeras.KerasTensor;

/** Cross-entropy between one-hot targets and predicted class probabilities (or logits). */
public class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  public CategoricalCrossentropy() {
    this(false);
  }

  public CategoricalCrossentropy(boolean fromLogits) {
    super("categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return Crossentropy.categorical(matchTargets(yTrue, yPred), yPred, fromLogits);
  }
}
