package dev.jkeras.models;

import dev.jkeras.DType;
import java.util.function.DoublePredicate;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.index.Indices;

/**
 * Finds the first element of a numeric array that matches a test, reading the array a block of
 * rows at a time, so a check of a large array needs neither a copy of it nor a view per element.
 */
final class ArrayScan {
  private static final long BLOCK = 1 << 16;

  private ArrayScan() {}

  /**
   * The flat (row-major) index of the first element for which {@code test} holds, or -1; the
   * elements are read as doubles (a {@code ByteNdArray} as uint8). Arrays that are not numeric
   * have no matching element.
   */
  static long firstIndex(NdArray<?> array, DoublePredicate test) {
    if (!isNumeric(array) || array.size() == 0) {
      return -1;
    }
    if (array.rank() == 0) {
      return test.test(read(array)[0]) ? 0 : -1;
    }
    long rows = array.shape().get(0);
    long rowSize = array.size() / rows;
    long rowsPerBlock = Math.max(1, BLOCK / rowSize);
    for (long start = 0; start < rows; start += rowsPerBlock) {
      long end = Math.min(rows, start + rowsPerBlock);
      double[] values = read(array.slice(Indices.range(start, end)));
      for (int i = 0; i < values.length; i++) {
        if (test.test(values[i])) {
          return start * rowSize + i;
        }
      }
    }
    return -1;
  }

  /** The coordinates of the element at a flat (row-major) index, e.g. {@code [3, 1]}. */
  static long[] coordinates(NdArray<?> array, long flatIndex) {
    long[] dims = array.shape().asArray();
    long[] at = new long[dims.length];
    for (int d = dims.length - 1; d >= 0; d--) {
      at[d] = flatIndex % dims[d];
      flatIndex /= dims[d];
    }
    return at;
  }

  static boolean isNumeric(NdArray<?> array) {
    return array instanceof FloatNdArray || array instanceof DoubleNdArray || array instanceof IntNdArray
        || array instanceof LongNdArray || array instanceof ByteNdArray;
  }

  static boolean isFloating(NdArray<?> array) {
    return array instanceof FloatNdArray || array instanceof DoubleNdArray;
  }

  private static double[] read(NdArray<?> block) {
    int size = Math.toIntExact(block.size());
    double[] values = new double[size];
    switch (DType.of(block)) {
      case FLOAT32 -> {
        float[] raw = new float[size];
        ((FloatNdArray) block).copyTo(DataBuffers.of(raw, false, false));
        for (int i = 0; i < size; i++) {
          values[i] = raw[i];
        }
      }
      case FLOAT64 -> ((DoubleNdArray) block).copyTo(DataBuffers.of(values, false, false));
      case INT32 -> {
        int[] raw = new int[size];
        ((IntNdArray) block).copyTo(DataBuffers.of(raw, false, false));
        for (int i = 0; i < size; i++) {
          values[i] = raw[i];
        }
      }
      case INT64 -> {
        long[] raw = new long[size];
        ((LongNdArray) block).copyTo(DataBuffers.of(raw, false, false));
        for (int i = 0; i < size; i++) {
          values[i] = raw[i];
        }
      }
      case UINT8 -> {
        byte[] raw = new byte[size];
        ((ByteNdArray) block).copyTo(DataBuffers.of(raw, false, false));
        for (int i = 0; i < size; i++) {
          values[i] = raw[i] & 0xff;
        }
      }
      default -> throw new IllegalStateException("Not a numeric array: " + DType.of(block));
    }
    return values;
  }
}
