package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.List;

/** The element-wise mean of its inputs. */
public class Average extends Merge {
  @Override
  protected KerasTensor merge(List<KerasTensor> inputs) {
    KerasTensor sum = inputs.get(0);
    for (KerasTensor input : inputs.subList(1, inputs.size())) {
      sum = Ops.add(sum, input);
    }
    return Ops.divide(sum, inputs.size());
  }
}
