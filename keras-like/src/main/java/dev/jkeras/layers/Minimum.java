package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.List;

/** The element-wise minimum of its inputs. */
public class Minimum extends Merge {
  @Override
  protected KerasTensor merge(List<KerasTensor> inputs) {
    KerasTensor result = inputs.get(0);
    for (KerasTensor input : inputs.subList(1, inputs.size())) {
      result = Ops.minimum(result, input);
    }
    return result;
  }
}
