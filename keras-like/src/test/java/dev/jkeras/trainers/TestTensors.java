package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ModelGraph;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Small arrays and reads for the trainers' tests. */
final class TestTensors {
  private TestTensors() {}

  /** Values as a column (n, 1): one target or prediction per sample. */
  static FloatNdArray column(float... values) {
    FloatNdArray array = NdArrays.ofFloats(Shape.of(values.length, 1));
    for (int i = 0; i < values.length; i++) {
      array.setFloat(values[i], i, 0);
    }
    return array;
  }

  /** The value of the scalar {@code tensor}, run now in {@code graph} (being traced). */
  static double value(ModelGraph graph, KerasTensor tensor) {
    return ((Number) graph.function(List.of(), List.of(tensor), List.of()).call(List.of()).get(0).getObject())
        .doubleValue();
  }
}
