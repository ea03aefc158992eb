package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.stream.Collectors;

/** The base of layers that combine several inputs of one shape into one output. */
public abstract class Merge extends Layer {

  /** The combination of the inputs, all checked to have compatible shapes. */
  protected abstract KerasTensor merge(List<KerasTensor> inputs);

  @Override
  protected void build(List<Shape> inputShapes) {
    if (inputShapes.size() < minimumInputs()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName() + ") needs at least "
          + minimumInputs() + " inputs, got " + inputShapes.size());
    }
    checkShapes(inputShapes);
  }

  protected int minimumInputs() {
    return 2;
  }

  /**
   * Element-wise merges need shapes that broadcast as Keras's {@code _compute_elemwise_op_output_shape}
   * allows: aligned from the last axis, each pair of sizes equal, unknown, or 1 on one side.
   */
  protected void checkShapes(List<Shape> shapes) {
    Shape first = shapes.get(0);
    for (Shape shape : shapes) {
      if (!broadcastable(first, shape)) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (" + getClass().getSimpleName()
            + ") needs inputs of the same shape, got " + describe(shapes));
      }
    }
  }

  private static boolean broadcastable(Shape a, Shape b) {
    for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
      long x = a.get(a.rank() - i);
      long y = b.get(b.rank() - i);
      if (x != y && x != Shape.UNKNOWN && y != Shape.UNKNOWN && x != 1 && y != 1) {
        return false;
      }
    }
    return true;
  }

  static String describe(List<Shape> shapes) {
    return shapes.stream().map(Shape::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * The output mask, as Keras's merge layers: the logical or of the inputs' masks when every input
   * has one, else none.
   */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    if (masks.stream().anyMatch(m -> m == null)) {
      return null;
    }
    KerasTensor mask = masks.get(0);
    for (KerasTensor m : masks.subList(1, masks.size())) {
      mask = Ops.logicalOr(mask, m);
    }
    return mask;
  }

  @Override
  protected final List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    checkShapes(inputs.stream().map(KerasTensor::shape).toList());
    return List.of(merge(inputs));
  }
}
