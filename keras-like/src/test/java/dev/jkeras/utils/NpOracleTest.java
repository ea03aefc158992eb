package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** NumPy (the oracle's, 1.24) is the judge of {@link Np#str} and {@link Np#repr}, array by array. */
class NpOracleTest {
  private static final Map<String, NdArray<?>> ARRAYS = new LinkedHashMap<>();
  private static final Map<String, NdArray<?>> WRITTEN = new LinkedHashMap<>();
  private static final Map<String, String> LOADS = new LinkedHashMap<>();
  private static Map<String, String> numpy;

  @TempDir static Path directory;

  private static void add(String name, NdArray<?> array) {
    add(name, array, "a");
  }

  private static void add(String name, NdArray<?> array, String load) {
    add(name, array, array, load);
  }

  /** NumPy prints {@code load} of the loaded {@code written} (a cast, for uint8); jkeras {@code array}. */
  private static void add(String name, NdArray<?> array, NdArray<?> written, String load) {
    ARRAYS.put(name, array);
    WRITTEN.put(name, written);
    LOADS.put(name, load);
  }

  private static float[] floats(int n, IntToDoubleFunction value) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) value.applyAsDouble(i);
    }
    return values;
  }

  private static NdArray<?> floats(long[] shape, IntToDoubleFunction value) {
    int n = Math.toIntExact(Shape.of(shape).size());
    return NdArrays.wrap(Shape.of(shape), org.tensorflow.ndarray.buffer.DataBuffers.of(floats(n, value)));
  }

  static {
    Random random = new Random(14);
    add("small float32 matrix", Np.array(new float[][] {{1, 2}, {3, 4.5f}}));
    add("a predict result (5, 1)", floats(new long[] {5, 1}, i -> random.nextFloat()));
    add("wrapped rows (3, 10)", floats(new long[] {3, 10}, i -> random.nextGaussian()));
    add("nested (2, 3, 4)", floats(new long[] {2, 3, 4}, i -> i / 7.0));
    add("float64 vector", Np.array(new double[] {0.1, 0.25, 1.0 / 3, 2}));
    add("exponential: tiny values", Np.array(new float[] {1e-5f, 0.5f, 123f}));
    add("exponential: large values", Np.array(new double[] {1e9, 1, -2.5e-3}));
    add("exponential: three-digit exponents", Np.array(new double[] {1e-120, 3.25e200}));
    add("nan and infinities", Np.array(new double[] {Double.NaN, 1.5, Double.NEGATIVE_INFINITY, -0.25,
        Double.POSITIVE_INFINITY}));
    add("only nan", Np.array(new float[] {Float.NaN, Float.NEGATIVE_INFINITY}));
    add("summarized matrix (40, 40)", floats(new long[] {40, 40}, i -> Math.sin(i)));
    add("summarized vector (2000,)", floats(new long[] {2000}, i -> i * 0.5));
    add("summarized images (10, 28, 28)", floats(new long[] {10, 28, 28}, i -> (i % 255) / 255.0));
    add("int32 with negatives", Np.array(new int[][] {{1, -20, 300, 4}, {5, 6, -7000, 8}, {9, 10, 11, 12}}));
    add("int64 vector", Np.array(new long[] {3, 1L << 40, -5}));
    int[] pixels = new int[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 37) % 256;
    }
    IntNdArray pixelInts = NdArrays.wrap(Shape.of(28, 28), org.tensorflow.ndarray.buffer.DataBuffers.of(pixels));
    ByteNdArray image = NdArrays.ofBytes(Shape.of(28, 28));
    for (int i = 0; i < pixels.length; i++) {
      image.setByte((byte) pixels[i], i / 28, i % 28);
    }
    add("uint8 image (28, 28)", image, pixelInts, "a.astype(np.uint8)");
    add("bool matrix", Np.array(new boolean[][] {{true, false, true}, {false, false, true}}));
    add("signed zeros and integers", Np.array(new float[] {-0f, 0f, 1f, 2f, -3f}));
    add("float32 scalar", NdArrays.scalarOf(2.5f));
    add("float32 scalar one", NdArrays.scalarOf(1f));
    add("float64 tiny scalar", NdArrays.scalarOf(1e-7));
    add("dtype on its own line", floats(new long[] {1, 7}, i -> 1.0 / (i + 3)));
    add("exact rounding at 8 digits", Np.array(new double[] {0.123456785, 0.5, 2.675, 1.0000000149}));
    add("float32 shortest digits", Np.array(new float[] {0.1f, 0.2f, 0.3f, 16777216f, 3.4028235e38f}));
  }

  @BeforeAll
  static void askNumpy() {
    KerasOracle.assumeAvailable();
    StringBuilder code = new StringBuilder("import json, numpy as np\n");
    int i = 0;
    for (String name : ARRAYS.keySet()) {
      Path file = directory.resolve("a" + i + ".npy");
      Npy.write(file, WRITTEN.get(name));
      code.append("a = np.load(").append(new Gson().toJson(file.toString())).append(")\n")
          .append("a = ").append(LOADS.get(name)).append("\n")
          .append("print('@@").append(i++).append("=' + json.dumps([str(a), repr(a)]))\n");
    }
    Map<String, String> printed = KerasOracle.printedValues(code.toString());
    numpy = new LinkedHashMap<>();
    i = 0;
    for (String name : ARRAYS.keySet()) {
      numpy.put(name, printed.get(Integer.toString(i++)));
    }
  }

  private static String[] numpysPrint(String name) {
    String printed = numpy.get(name);
    if (printed == null) {
      throw new AssertionError("NumPy printed nothing for " + name);
    }
    return new Gson().fromJson(printed, String[].class);
  }

  @Test
  void strIsNumpysStr() {
    for (String name : ARRAYS.keySet()) {
      assertEquals(numpysPrint(name)[0], Np.str(ARRAYS.get(name)), name);
    }
  }

  @Test
  void reprIsNumpysRepr() {
    for (String name : ARRAYS.keySet()) {
      assertEquals(numpysPrint(name)[1], Np.repr(ARRAYS.get(name)), name);
    }
  }
}
