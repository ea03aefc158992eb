package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** {@code mean(|yTrue - yPred|)} over the last axis. */
public class MeanAbsoluteError extends Loss {
  public MeanAbsoluteError() {
    this("mean_absolute_error");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public MeanAbsoluteError(String name) {
    super(name);
  }

  public static MeanAbsoluteError fromConfig(Config config) {
    return withSavedReduction(config, new MeanAbsoluteError(nameFrom(config, "mean_absolute_error")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    return Ops.mean(Ops.abs(Ops.subtract(yPred, matchTargets(yTrue, yPred))), -1);
  }
}
