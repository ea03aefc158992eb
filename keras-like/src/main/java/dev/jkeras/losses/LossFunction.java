package dev.jkeras.losses;

import dev.jkeras.KerasTensor;

/** A custom loss as a lambda: per-sample losses from targets and predictions. */
@FunctionalInterface
public interface LossFunction {
  KerasTensor apply(KerasTensor yTrue, KerasTensor yPred);
}
