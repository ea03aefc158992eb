package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** {@code mean((yTrue - yPred)^2)} over the last axis. */
public class MeanSquaredError extends Loss {
  public MeanSquaredError() {
    this("mean_squared_error");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public MeanSquaredError(String name) {
    super(name);
  }

  public static MeanSquaredError fromConfig(Config config) {
    return withSavedReduction(config, new MeanSquaredError(nameFrom(config, "mean_squared_error")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return Ops.mean(Ops.square(Ops.subtract(yPred, matchTargets(yTrue, yPred))), -1);
  }
}
