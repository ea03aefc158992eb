package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.List;

/** Sums its inputs element-wise. */
public class Add extends Merge {
  @Override
  protected KerasTensor merge(List<KerasTensor> inputs) {
    KerasTensor result = inputs.get(0);
    for (KerasTensor input : inputs.subList(1, inputs.size())) {
      result = Ops.add(result, input);
    }
    return result;
  }
}
