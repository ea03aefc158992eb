package dev.jkeras.backend;

import dev.jkeras.DType;
import dev.jkeras.Shape;

/**
 * The name, dtype and shape of one input or output of a signature ({@code Shape.UNKNOWN} where a
 * dimension is free). When {@code rankKnown} is false any shape fits and {@code shape} is the scalar
 * shape as a placeholder. {@code tensorName} is the graph tensor a SavedModel signature binds it to
 * (e.g. {@code x:0}, as TF Serving's metadata shows it), or null when there is none.
 */
public record TensorSpec(String name, DType dtype, Shape shape, boolean rankKnown, String tensorName) {
  /** A spec whose rank is known. */
  public TensorSpec(String name, DType dtype, Shape shape) {
    this(name, dtype, shape, true);
  }

  /** A spec bound to no graph tensor. */
  public TensorSpec(String name, DType dtype, Shape shape, boolean rankKnown) {
    this(name, dtype, shape, rankKnown, null);
  }

  /** True when a value of shape {@code given} may be fed here: same rank and every known dimension equal. */
  public boolean accepts(Shape given) {
    return !rankKnown || shape.isCompatibleWith(given);
  }

  @Override
  public String toString() {
    return name + ": " + dtype + (rankKnown ? shape.toString() : "(any shape)");
  }
}
