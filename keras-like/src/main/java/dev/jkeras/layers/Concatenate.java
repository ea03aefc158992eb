package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Joins its inputs along {@code axis} (default -1, the features); other dimensions must match. */
public class Concatenate extends Merge {
  private final int axis;

  public Concatenate() {
    this(-1);
  }

  public Concatenate(int axis) {
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  @Override
  protected int minimumInputs() {
    return 1;
  }

  @Override
  protected void checkShapes(List<Shape> shapes) {
    Shape first = shapes.get(0);
    int concatAxis = first.normalizeAxis(axis);
    for (Shape shape : shapes) {
      boolean fits = shape.rank() == first.rank();
      for (int d = 0; fits && d < shape.rank(); d++) {
        long a = first.get(d);
        long b = shape.get(d);
        fits = d == concatAxis || a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
      }
      if (!fits) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Concatenate) needs inputs with matching "
            + "shapes except for the concatenation axis " + axis + ", got " + describe(shapes));
      }
    }
  }

  @Override
  protected KerasTensor merge(List<KerasTensor> inputs) {
    return Ops.concatenate(inputs.toArray(KerasTensor[]::new), axis);
  }

  /**
   * The output mask, as Keras's: each input's mask (all true for an unmasked input) widened to the
   * input's shape, joined along {@code axis}, then true where any entry of the last axis is; none
   * when no input has a mask.
   */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    if (masks.stream().allMatch(m -> m == null)) {
      return null;
    }
    List<KerasTensor> widened = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      KerasTensor input = inputs.get(i);
      KerasTensor none = Ops.cast(Ops.zeros(Ops.shape(input), DType.FLOAT32), DType.BOOL);
      KerasTensor mask = masks.get(i);
      if (mask == null) {
        widened.add(Ops.logicalNot(none));
      } else if (mask.rank() < input.rank()) {
        widened.add(Ops.logicalOr(Ops.expandDims(Ops.cast(mask, DType.BOOL), -1), none));
      } else {
        widened.add(Ops.cast(mask, DType.BOOL));
      }
    }
    return Ops.any(Ops.concatenate(widened.toArray(KerasTensor[]::new), axis), -1, false);
  }

  public static Concatenate fromConfig(Config config) {
    return new Concatenate(config.getInt("axis", -1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("axis", axis);
    return config;
  }
}
