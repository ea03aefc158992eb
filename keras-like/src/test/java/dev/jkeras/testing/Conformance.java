package dev.jkeras.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.tensorflow.ndarray.NdArray;

/** Comparisons shared by the suites judged by real Keras: arrays within float32 tolerance, configs key by key. */
public final class Conformance {
  private Conformance() {}

  /** Every element of an array of any numeric or boolean dtype, as doubles (booleans as 0 and 1). */
  public static double[] values(NdArray<?> array) {
    List<Double> out = new ArrayList<>();
    array.scalars().forEach(s -> {
      Object v = s.getObject();
      out.add(v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
    });
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@code actual} equals {@code expected} in shape and, element by element, within {@code rtol}/{@code atol}. */
  public static void assertClose(NdArray<?> expected, NdArray<?> actual, double rtol, double atol, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    assertClose(values(expected), values(actual), rtol, atol, what);
  }

  public static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
    assertEquals(expected.length, actual.length, what + ": element count");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean same = Double.isNaN(e) ? Double.isNaN(a)
          : Double.isInfinite(e) ? e == a : Math.abs(e - a) <= atol + rtol * Math.abs(e);
      if (!same) {
        fail(what + ": element " + i + " is " + a + ", Keras has " + e + "\n  Keras:  " + Arrays.toString(expected)
            + "\n  jkeras: " + Arrays.toString(actual));
      }
    }
  }

  /**
   * jkeras's config has Keras's keys and values: numbers equal within float32 rounding (Keras reads a
   * rate back from a float32 variable), nested maps and lists compared the same way.
   */
  public static void assertConfigEquals(Map<?, ?> keras, Map<?, ?> jkeras, String what) {
    assertEquals(new TreeSet<>(keys(keras)), new TreeSet<>(keys(jkeras)), what + ": config keys");
    for (Object key : keras.keySet()) {
      assertValueEquals(keras.get(key), jkeras.get(key), what + "." + key);
    }
  }

  private static List<String> keys(Map<?, ?> map) {
    return map.keySet().stream().map(String::valueOf).toList();
  }

  private static void assertValueEquals(Object keras, Object jkeras, String what) {
    if (keras instanceof Map<?, ?> k && jkeras instanceof Map<?, ?> j) {
      assertConfigEquals(k, j, what);
    } else if (keras instanceof List<?> k && jkeras instanceof List<?> j) {
      assertEquals(k.size(), j.size(), what + ": length");
      for (int i = 0; i < k.size(); i++) {
        assertValueEquals(k.get(i), j.get(i), what + "[" + i + "]");
      }
    } else if (keras instanceof Number k && jkeras instanceof Number j) {
      double e = k.doubleValue();
      assertTrue(Math.abs(e - j.doubleValue()) <= 1e-7 * Math.abs(e), what + ": jkeras " + jkeras + ", Keras " + keras);
    } else {
      assertTrue(Objects.equals(keras, jkeras), what + ": jkeras " + jkeras + ", Keras " + keras);
    }
  }
}
