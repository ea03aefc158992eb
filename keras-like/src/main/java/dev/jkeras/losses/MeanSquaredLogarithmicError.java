package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** {@code mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)} over the last axis. */
public class MeanSquaredLogarithmicError extends Loss {
  public MeanSquaredLogarithmicError() {
    this("mean_squared_logarithmic_error");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public MeanSquaredLogarithmicError(String name) {
    super(name);
  }

  public static MeanSquaredLogarithmicError fromConfig(Config config) {
    return withSavedReduction(config,
        new MeanSquaredLogarithmicError(nameFrom(config, "mean_squared_logarithmic_error")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST_PREDICTIONS_FIRST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    KerasTensor first = Ops.log(Ops.add(Ops.maximum(yPred, EPSILON), 1.0));
    KerasTensor second = Ops.log(Ops.add(Ops.maximum(target, EPSILON), 1.0));
    return Ops.mean(Ops.square(Ops.subtract(first, second)), -1);
  }
}
