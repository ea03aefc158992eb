package dev.jkeras.utils;

import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Arrays in and out for NumPy users: {@code Np.array(...)} makes an {@code NdArray} from a Java array
 * as {@code np.array(...)} does from a list (a copy; {@code float[][]} gives a float32 array of shape
 * {@code (rows, columns)}), and {@link #str}, {@link #repr} and {@link #print} show an array's values
 * as NumPy prints them:
 *
 * <pre>{@code
 * FloatNdArray x = Np.array(new float[][] {{1, 2}, {3, 4.5f}});
 * Np.print(model.predict(x));          // [[0.1234567 ]
 *                                      //  [0.95      ]]
 * String r = Np.repr(x);               // array([[1. , 2. ],
 *                                      //        [3. , 4.5]], dtype=float32)
 * }</pre>
 *
 * <p>Element types map as in TensorFlow: {@code float} to float32, {@code double} to float64,
 * {@code int} to int32, {@code long} to int64, {@code boolean} to bool; a {@code ByteNdArray} prints
 * as uint8, as jkeras's datasets hold images.
 */
public final class Np {
  private Np() {}

  /** A float32 array of shape {@code (n,)}. */
  public static FloatNdArray array(float[] values) {
    return StdArrays.ndCopyOf(values);
  }

  /** A float32 array of shape {@code (rows, columns)}; every row must have the same length. */
  public static FloatNdArray array(float[][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A float32 array of rank 3. */
  public static FloatNdArray array(float[][][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A float32 array of rank 4, such as a batch of images {@code (n, height, width, channels)}. */
  public static FloatNdArray array(float[][][][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A float64 array of shape {@code (n,)}. */
  public static DoubleNdArray array(double[] values) {
    return StdArrays.ndCopyOf(values);
  }

  /** A float64 array of shape {@code (rows, columns)}. */
  public static DoubleNdArray array(double[][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A float64 array of rank 3. */
  public static DoubleNdArray array(double[][][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** An int32 array of shape {@code (n,)}, such as class labels. */
  public static IntNdArray array(int[] values) {
    return StdArrays.ndCopyOf(values);
  }

  /** An int32 array of shape {@code (rows, columns)}. */
  public static IntNdArray array(int[][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** An int64 array of shape {@code (n,)}. */
  public static LongNdArray array(long[] values) {
    return StdArrays.ndCopyOf(values);
  }

  /** An int64 array of shape {@code (rows, columns)}. */
  public static LongNdArray array(long[][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A bool array of shape {@code (n,)}. */
  public static BooleanNdArray array(boolean[] values) {
    return StdArrays.ndCopyOf(values);
  }

  /** A bool array of shape {@code (rows, columns)}. */
  public static BooleanNdArray array(boolean[][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A string array of shape {@code (n,)}, e.g. raw text for a {@code TextVectorization} input of shape {@code ()}. */
  public static NdArray<String> array(String[] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** A string array of shape {@code (rows, columns)}: {@code Np.array(new String[][] {{"a good movie"}})}. */
  public static NdArray<String> array(String[][] values) {
    return StdArrays.ndCopyOf(rectangular(values));
  }

  /** As NumPy's {@code str(a)}, what {@code print(a)} shows: {@code [[1.  2.5]]}. */
  public static String str(NdArray<?> array) {
    return new NumpyPrinter(array).str();
  }

  /** As NumPy's {@code repr(a)}: {@code array([[1. , 2.5]], dtype=float32)}. */
  public static String repr(NdArray<?> array) {
    return new NumpyPrinter(array).repr();
  }

  /** Prints {@link #str} on standard output, as Python's {@code print(a)}. */
  public static void print(NdArray<?> array) {
    System.out.println(str(array));
  }

  /**
   * {@code values} when every nested array at each depth has the same length (NumPy would make a
   * ragged object array; TensorFlow cannot).
   */
  private static <T> T rectangular(T values) {
    if (values == null) {
      throw new IllegalArgumentException("values is null; expected a rectangular Java array");
    }
    java.util.List<Integer> lengths = new java.util.ArrayList<>();
    for (Object level = values; level != null && level.getClass().isArray(); ) {
      int length = java.lang.reflect.Array.getLength(level);
      lengths.add(length);
      level = length > 0 && level instanceof Object[] rows ? rows[0] : null;
    }
    check(values, "values", 0, lengths);
    return values;
  }

  private static void check(Object values, String path, int depth, java.util.List<Integer> lengths) {
    if (values == null) {
      throw new IllegalArgumentException(path + " is null; expected a rectangular Java array");
    }
    int length = java.lang.reflect.Array.getLength(values);
    if (length != lengths.get(depth)) {
      throw new IllegalArgumentException("Ragged array: values" + "[0]".repeat(depth) + " has " + lengths.get(depth)
          + " elements but " + path + " has " + length + "; every row must have the same length");
    }
    if (values instanceof Object[] rows && depth + 1 < lengths.size()) {
      for (int i = 0; i < rows.length; i++) {
        check(rows[i], path + "[" + i + "]", depth + 1, lengths);
      }
    }
  }
}
