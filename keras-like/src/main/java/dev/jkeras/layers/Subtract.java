package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.List;

/** The first input minus the second; exactly two inputs. */
public class Subtract extends Merge {
  @Override
  protected void build(List<Shape> inputShapes) {
    if (inputShapes.size() != 2) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Subtract) takes exactly 2 inputs, got "
          + inputShapes.size());
    }
    super.build(inputShapes);
  }

  @Override
  protected KerasTensor merge(List<KerasTensor> inputs) {
    return Ops.subtract(inputs.get(0), inputs.get(1));
  }
}
