package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/** {@code max(max((1 - yTrue) * yPred) - sum(yTrue * yPred) + 1, 0)} over the last axis, for one-hot targets. */
public class CategoricalHinge extends Loss {
  public CategoricalHinge() {
    this("categorical_hinge");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CategoricalHinge(String name) {
    super(name);
  }

  public static CategoricalHinge fromConfig(Config config) {
    return withSavedReduction(config, new CategoricalHinge(nameFrom(config, "categorical_hinge")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = matchTargets(yTrue, yPred);
    KerasTensor positive = Ops.sum(Ops.multiply(target, yPred), -1);
    KerasTensor negative = Ops.max(Ops.multiply(Ops.subtract(1.0, target), yPred), -1);
    return Ops.maximum(Ops.add(Ops.subtract(negative, positive), 1.0), 0.0);
  }
}
