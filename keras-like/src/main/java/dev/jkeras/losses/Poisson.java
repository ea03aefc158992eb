package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** Poisson loss {@code mean(yPred - yTrue * log(yPred + 1e-7))} over the last axis. */
public class Poisson extends Loss {
  public Poisson() {
    this("poisson");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public Poisson(String name) {
    super(name);
  }

  public static Poisson fromConfig(Config config) {
    return withSavedReduction(config, new Poisson(nameFrom(config, "poisson")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    return Ops.mean(Ops.subtract(yPred, Ops.multiply(target, Ops.log(Ops.add(yPred, EPSILON)))), -1);
  }
}
