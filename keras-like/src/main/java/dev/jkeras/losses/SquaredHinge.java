package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** {@code mean(max(1 - yTrue * yPred, 0)^2)} over the last axis; 0/1 targets are taken as -1/1. */
public class SquaredHinge extends Loss {
  public SquaredHinge() {
    this("squared_hinge");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public SquaredHinge(String name) {
    super(name);
  }

  public static SquaredHinge fromConfig(Config config) {
    return withSavedReduction(config, new SquaredHinge(nameFrom(config, "squared_hinge")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Hinges.signedTargets(matchTargets(yTrue, yPred));
    return Ops.mean(Ops.square(Ops.maximum(Ops.subtract(1.0, Ops.multiply(target, yPred)), 0.0)), -1);
  }
}
