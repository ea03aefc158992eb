package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.data.DatasetHandle;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** {@code from_tensor_slices}: the rows of in-memory arrays (all with the same first dimension) as elements. */
record TensorSlicesSource(List<NdArray<?>> arrays) implements DatasetNode {

  TensorSlicesSource {
    arrays = List.copyOf(arrays);
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException("fromTensorSlices needs at least one array");
    }
    long rows = -1;
    for (int i = 0; i < arrays.size(); i++) {
      NdArray<?> array = arrays.get(i);
      if (array.rank() == 0) {
        throw new IllegalArgumentException("fromTensorSlices: component " + i + " is a scalar; each array is "
            + "sliced along its first dimension, so give arrays of rank >= 1");
      }
      long n = array.shape().get(0);
      if (rows >= 0 && n != rows) {
        throw new IllegalArgumentException("fromTensorSlices: all arrays must have the same first dimension (the "
            + "number of elements); component 0 has " + rows + " rows, component " + i + " has " + n);
      }
      rows = n;
    }
  }

  @Override
  public DatasetHandle build(PipelineBuild build) {
    List<KerasTensor> components = new ArrayList<>();
    for (NdArray<?> array : arrays) {
      components.add(build.feed("tensor_slices", array));
    }
    return build.datasets().tensorSlices(components);
  }
}
