package dev.jkeras.regularizers;

import dev.jkeras.KerasTensor;

/** A penalty on a weight, added to the training loss. */
@FunctionalInterface
public interface Regularizer {
  /** The penalty for {@code weight}, a scalar. */
  KerasTensor apply(KerasTensor weight);
}
