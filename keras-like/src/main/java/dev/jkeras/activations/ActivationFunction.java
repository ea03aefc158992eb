package dev.jkeras.activations;

import dev.jkeras.KerasTensor;

/** An element-wise activation, such as {@code relu}. */
@FunctionalInterface
public interface ActivationFunction {
  KerasTensor apply(KerasTensor x);
}
