package dev.jkeras.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import org.tensorflow.ndarray.NdArray;

/** A variable living in a {@link ModelGraph}: a weight, an optimizer slot or a metric's state. */
public interface Variable {
  String name();

  Shape shape();

  DType dtype();

  /** Its value as read in the graph being traced (one read per trace). */
  KerasTensor value();

  /** An update that assigns {@code value}, for use in a traced function. */
  Update assign(KerasTensor value);

  /** An update that adds {@code delta}, for use in a traced function. */
  Update assignAdd(KerasTensor delta);

  /** Its current value, copied out. */
  NdArray<?> read();

  /** Sets its value now; the shape must match. */
  void write(NdArray<?> value);

  /** The variable as it exists in {@code graph}; a graph's own variables are that already. */
  default Variable in(ModelGraph graph) {
    return this;
  }
}
