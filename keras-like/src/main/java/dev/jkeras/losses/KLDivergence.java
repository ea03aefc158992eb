package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Kullback-Leibler divergence {@code sum(yTrue * log(yTrue / yPred))}
 * over the last axis, both clipped to [1e-7, 1].
 */
public class KLDivergence extends Loss {
  public KLDivergence() {
    this("kl_divergence");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public KLDivergence(String name) {
    super(name);
  }

  public static KLDivergence fromConfig(Config config) {
    return withSavedReduction(config, new KLDivergence(nameFrom(config, "kl_divergence")));
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Ops.clip(matchTargets(yTrue, yPred), EPSILON, 1);
    KerasTensor pred = Ops.clip(yPred, EPSILON, 1);
    return Ops.sum(Ops.multiply(target, Ops.log(Ops.divide(target, pred))), -1);
  }
}
