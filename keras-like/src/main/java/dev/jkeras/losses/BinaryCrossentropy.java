package dev.jkeras.losses;

import dev.jkeras.KerasTensor;

/** Cross-entropy between 0/1 targets and predicted probabilities (or logits). */
public class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;

  public BinaryCrossentropy() {
    this(false);
  }

  public BinaryCrossentropy(boolean fromLogits) {
    super("binary_crossentropy");
    this.fromLogits = fromLogits;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return Crossentropy.binary(matchTargets(yTrue, yPred), yPred, fromLogits);
  }
}
