package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;

/** All ones. */
public final class Ones implements Initializer {
  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    return Ops.full(shape, 1, dtype);
  }
}
