package dev.jkeras.saving;

import dev.jkeras.DType;
import dev.jkeras.backend.Variable;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * A saved value made fit for the variable it is loaded into, as Keras's {@code variable.assign}
 * converts it. Keras stores integer state (the optimizer's {@code iterations}, Normalization's
 * {@code count}) as int32 on its numpy, jax and torch backends and as int64 on TensorFlow, so a file
 * may hold either: integers are converted between int32 and int64 (int64 values outside int32's range
 * are refused). Other dtypes must match exactly.
 */
public final class SavedValues {
  private SavedValues() {}

  /** {@code value} in {@code variable}'s dtype; {@code where} names the value in error messages. */
  public static NdArray<?> forVariable(NdArray<?> value, Variable variable, String where) {
    DType given = DType.of(value);
    DType wanted = variable.dtype();
    if (given == wanted || given == DType.UINT8 && wanted == DType.INT8) {
      // An int8 weight's bytes (HDF5's signed 8-bit integers) are read as a ByteNdArray, which DType names uint8.
      return value;
    }
    if (given == DType.INT32 && wanted == DType.INT64) {
      long[] values = new long[Math.toIntExact(value.shape().size())];
      int[] i = {0};
      value.scalars().forEach(s -> values[i[0]++] = ((Integer) s.getObject()).longValue());
      return NdArrays.wrap(value.shape(), DataBuffers.of(values, false, false));
    }
    if (given == DType.INT64 && wanted == DType.INT32) {
      int[] values = new int[Math.toIntExact(value.shape().size())];
      int[] i = {0};
      value.scalars().forEach(s -> {
        long n = (Long) s.getObject();
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("Variable '" + variable.name() + "' is int32, but " + where
              + " holds the int64 value " + n + ", outside int32's range");
        }
        values[i[0]++] = (int) n;
      });
      return NdArrays.wrap(value.shape(), DataBuffers.of(values, false, false));
    }
    throw new IllegalArgumentException("Variable '" + variable.name() + "' has dtype " + wanted + " but " + where
        + " holds dtype " + given + "; only int32 and int64 are converted into each other");
  }
}
