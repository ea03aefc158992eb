package dev.jkeras.backend;

import dev.jkeras.DType;
import dev.jkeras.Shape;

/** The name, dtype and shape of one input or output of a signature ({@code Shape.UNKNOWN} where free). */
public record TensorSpec(String name, DType dtype, Shape shape) {
  @Override
  public String toString() {
    return name + ": " + dtype + shape;
  }
}
