package dev.jkeras.serving;

import dev.jkeras.DType;
import java.util.List;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/** Concatenation and splitting of arrays of any jkeras dtype along dimension 0. */
final class NdArrayBatches {
  private NdArrayBatches() {}

  /** The parts one after the other along dimension 0; all have the same dtype and trailing dimensions. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static NdArray<?> concat(List<? extends NdArray<?>> parts) {
    NdArray<?> first = parts.get(0);
    long rows = 0;
    for (NdArray<?> part : parts) {
      rows += part.shape().get(0);
    }
    NdArray out = allocateLike(first, first.shape().tail().prepend(rows));
    long offset = 0;
    for (NdArray<?> part : parts) {
      long n = part.shape().get(0);
      ((NdArray) part).copyTo(out.slice(Indices.range(offset, offset + n)));
      offset += n;
    }
    return out;
  }

  /** A copy of rows {@code [from, from + rows)} of {@code array}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static NdArray<?> rows(NdArray<?> array, long from, long rows) {
    NdArray view = array.slice(Indices.range(from, from + rows));
    NdArray out = allocateLike(array, view.shape());
    view.copyTo(out);
    return out;
  }

  /** A new array of {@code shape} holding the same element type as {@code like}. */
  static NdArray<?> allocateLike(NdArray<?> like, Shape shape) {
    return switch (DType.of(like)) {
      case FLOAT32 -> NdArrays.ofFloats(shape);
      case FLOAT64 -> NdArrays.ofDoubles(shape);
      case INT32 -> NdArrays.ofInts(shape);
      case INT64 -> NdArrays.ofLongs(shape);
      case UINT8, INT8 -> NdArrays.ofBytes(shape);
      case BOOL -> NdArrays.ofBooleans(shape);
      case STRING -> NdArrays.ofObjects(stringElementClass(like), shape);
    };
  }

  /** {@code String} or {@code byte[]}, the two ways jkeras holds string tensors. */
  static Class<?> stringElementClass(NdArray<?> array) {
    return array.getObject(new long[array.rank()]).getClass();
  }
}
