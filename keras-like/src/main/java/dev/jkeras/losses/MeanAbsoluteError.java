package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** {@code mean(|yTrue - yPred|)} over the last axis. */
public class MeanAbsoluteError extends Loss {
  public MeanAbsoluteError() {
    super("mean_absolute_error");
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return Ops.mean(Ops.abs(Ops.subtract(yPred, matchTargets(yTrue, yPred))), -1);
  }
}
