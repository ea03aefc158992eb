package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.data.DatasetHandle;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** {@code from_tensors}: one element made of in-memory arrays (fed when the pipeline starts). */
record TensorsSource(List<NdArray<?>> arrays) implements DatasetNode {

  TensorsSource {
    arrays = List.copyOf(arrays);
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException("fromTensors needs at least one array");
    }
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    List<KerasTensor> components = new ArrayList<>();
    for (NdArray<?> array : arrays) {
      components.add(build.feed("tensors", array));
    }
    return build.datasets().tensors(components);
  }
}
