package dev.jkeras.layers;

import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/** Calls a layer eagerly on arrays, as Keras's tests call {@code layer(np_array)}. */
final class EagerLayers {
  private EagerLayers() {}

  static NdArray<?> call(Layer layer, NdArray<?> input) {
    return Backends.get().eager(() -> List.of(layer.apply(Ops.convertToTensor(input), false))).get(0);
  }

  static NdArray<String> strings(String... values) {
    return NdArrays.vectorOfObjects(values);
  }

  static NdArray<String> strings(String[][] values) {
    return dev.jkeras.utils.Np.array(values);
  }

  /** Every element, row-major, as Java objects (Long, Float, String, ...). */
  static List<Object> values(NdArray<?> array) {
    List<Object> out = new ArrayList<>();
    array.scalars().forEach(s -> out.add(s.getObject()));
    return out;
  }

  static List<Long> longs(NdArray<?> array) {
    return values(array).stream().map(v -> ((Number) v).longValue()).toList();
  }

  static List<Float> floats(NdArray<?> array) {
    return values(array).stream().map(v -> ((Number) v).floatValue()).toList();
  }
}
