package dev.jkeras.trainers;

import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.index.Indices;

/** Gathers the outputs of predict's batches into one array. */
final class PredictionCollector {
  private final int samples;
  private NdArray<?> result;

  PredictionCollector(int samples) {
    this.samples = samples;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void add(int from, NdArray<?> batch) {
    if (result == null) {
      long[] dims = batch.shape().asArray();
      dims[0] = samples;
      result = allocate(batch, org.tensorflow.ndarray.Shape.of(dims));
    }
    ((NdArray) batch).copyTo(result.slice(Indices.range(from, from + batch.shape().get(0))));
  }

  private static NdArray<?> allocate(NdArray<?> like, org.tensorflow.ndarray.Shape shape) {
    return switch (dev.jkeras.DType.of(like)) {
      case FLOAT32 -> NdArrays.ofFloats(shape);
      case FLOAT64 -> NdArrays.ofDoubles(shape);
      case INT32 -> NdArrays.ofInts(shape);
      case INT64 -> NdArrays.ofLongs(shape);
      case UINT8, INT8 -> NdArrays.ofBytes(shape);
      case BOOL -> NdArrays.ofBooleans(shape);
      case STRING -> NdArrays.ofObjects(String.class, shape);
    };
  }

  /** A copy of {@code batch}. */
  static NdArray<?> copyOf(NdArray<?> batch) {
    PredictionCollector copy = new PredictionCollector(Math.toIntExact(batch.shape().get(0)));
    copy.add(0, batch);
    return copy.result();
  }

  NdArray<?> result() {
    return result;
  }
}
