package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;

/** Computes the initial value of a weight. */
@FunctionalInterface
public interface Initializer {
  KerasTensor apply(Shape shape, DType dtype);
}
