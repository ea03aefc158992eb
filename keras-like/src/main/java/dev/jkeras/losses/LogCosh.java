package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** {@code mean(log(cosh(yPred - yTrue)))} over the last axis, computed as {@code x + softplus(-2x) - log 2}. */
public class LogCosh extends Loss {
  public LogCosh() {
    this("log_cosh");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public LogCosh(String name) {
    super(name);
  }

  public static LogCosh fromConfig(Config config) {
    return withSavedReduction(config, new LogCosh(nameFrom(config, "log_cosh")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST_PREDICTIONS_FIRST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor x = Ops.subtract(yPred, matchTargets(yTrue, yPred));
    KerasTensor logCosh = Ops.subtract(Ops.add(x, Ops.softplus(Ops.multiply(x, -2.0))), Math.log(2.0));
    return Ops.mean(logCosh, -1);
  }
}
