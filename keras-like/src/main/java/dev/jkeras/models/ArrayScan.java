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
      return test.test(new Block(array, 1).read(array)[0]) ? 0 : -1;
    }
    long rows = array.shape().get(0);
    long rowSize = array.size() / rows;
    long rowsPerBlock = Math.max(1, BLOCK / rowSize);
    Block block = new Block(array, Math.toIntExact(Math.min(rows, rowsPerBlock) * rowSize));
    for (long start = 0; start < rows; start += rowsPerBlock) {
      long end = Math.min(rows, start + rowsPerBlock);
      double[] values = block.read(end - start == rows ? array : array.slice(Indices.range(start, end)));
      int size = Math.toIntExact((end - start) * rowSize);
      for (int i = 0; i < size; i++) {
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

  /** Buffers, reused from block to block, that read a block of a numeric array as doubles. */
  private static final class Block {
    private final DType dtype;
    private final double[] values;
    private final Object raw;

    Block(NdArray<?> array, int capacity) {
      dtype = DType.of(array);
      values = new double[capacity];
      raw = switch (dtype) {
        case FLOAT32 -> new float[capacity];
        case INT32 -> new int[capacity];
        case INT64 -> new long[capacity];
        case UINT8 -> new byte[capacity];
        default -> null;
      };
    }

    /** The block's elements in the first {@code block.size()} places of the values. */
    double[] read(NdArray<?> block) {
      int size = Math.toIntExact(block.size());
      switch (dtype) {
        case FLOAT32 -> {
          float[] floats = (float[]) raw;
          ((FloatNdArray) block).copyTo(DataBuffers.of(floats, false, false).narrow(size));
          for (int i = 0; i < size; i++) {
            values[i] = floats[i];
          }
        }
        case FLOAT64 -> ((DoubleNdArray) block).copyTo(DataBuffers.of(values, false, false).narrow(size));
        case INT32 -> {
          int[] ints = (int[]) raw;
          ((IntNdArray) block).copyTo(DataBuffers.of(ints, false, false).narrow(size));
          for (int i = 0; i < size; i++) {
            values[i] = ints[i];
          }
        }
        case INT64 -> {
          long[] longs = (long[]) raw;
          ((LongNdArray) block).copyTo(DataBuffers.of(longs, false, false).narrow(size));
          for (int i = 0; i < size; i++) {
            values[i] = longs[i];
          }
        }
        case UINT8 -> {
          byte[] bytes = (byte[]) raw;
          ((ByteNdArray) block).copyTo(DataBuffers.of(bytes, false, false).narrow(size));
          for (int i = 0; i < size; i++) {
            values[i] = bytes[i] & 0xff;
          }
        }
        default -> throw new IllegalStateException("Not a numeric array: " + dtype);
      }
      return values;
    }
  }
}
