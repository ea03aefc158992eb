package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;

/** All zeros, Keras's default for biases. */
public final class Zeros implements Initializer {
  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    return Ops.full(shape, 0, dtype);
  }
}
