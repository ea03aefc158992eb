package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * {@code 100 * mean(|yTrue - yPred| / max(|yTrue|, 1e-7))} over the last axis (the loss; the metric of that
 * name is {@link dev.jkeras.metrics.MeanAbsolutePercentageError}).
 */
public class MeanAbsolutePercentageError extends Loss {
  public MeanAbsolutePercentageError() {
    this("mean_absolute_percentage_error");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public MeanAbsolutePercentageError(String name) {
    super(name);
  }

  public static MeanAbsolutePercentageError fromConfig(Config config) {
    return withSavedReduction(config,
        new MeanAbsolutePercentageError(nameFrom(config, "mean_absolute_percentage_error")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    KerasTensor ratio = Ops.abs(Ops.divide(Ops.subtract(target, yPred), Ops.maximum(Ops.abs(target), EPSILON)));
    return Ops.multiply(Ops.mean(ratio, -1), 100.0);
  }
}
