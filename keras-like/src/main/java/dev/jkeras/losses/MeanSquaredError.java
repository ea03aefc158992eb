package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** {@code mean((yTrue - yPred)^2)} over the last axis. */
public class MeanSquaredError extends Loss {
  public MeanSquaredError() {
    super("mean_squared_error");
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return Ops.mean(Ops.square(Ops.subtract(yPred, matchTargets(yTrue, yPred))), -1);
  }
}
