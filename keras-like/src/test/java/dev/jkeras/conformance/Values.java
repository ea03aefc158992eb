package dev.jkeras.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.NdArray;

/** Flattening and comparing the numbers and configs the suite gets from jkeras and from Keras. */
final class Values {
  private Values() {}

  /** Every number of a JSON value (nested lists of numbers, or "inf"/"-inf"/"nan" strings), in order. */
  static double[] flat(Object json) {
    List<Double> out = new ArrayList<>();
    collect(json, out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void collect(Object json, List<Double> out) {
    if (json instanceof List<?> list) {
      list.forEach(item -> collect(item, out));
    } else if (json instanceof Number n) {
      out.add(n.doubleValue());
    } else if (json instanceof Boolean b) {
      out.add(b ? 1.0 : 0.0);
    } else if (json instanceof String s) {
      out.add(switch (s) {
        case "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        case "nan" -> Double.NaN;
        default -> throw new IllegalArgumentException("Not a number: " + s);
      });
    } else {
      throw new IllegalArgumentException("Not a number or list: " + json);
    }
  }

  /** Every number of an array jkeras computed, in row-major order. */
  static double[] flat(NdArray<?> array) {
    List<Double> out = new ArrayList<>();
    array.scalars().forEach(s -> {
      Object v = s.getObject();
      out.add(v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
    });
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Null when equal within float32 tolerance (absolute {@code atol} plus relative 1e-5), else what differs. */
  static String compare(double[] expected, double[] actual, double atol) {
    if (expected.length != actual.length) {
      return "expected " + expected.length + " values, got " + actual.length;
    }
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean same = Double.isNaN(e) ? Double.isNaN(a)
          : Double.isInfinite(e) ? e == a
          : Math.abs(e - a) <= atol + 1e-5 * Math.abs(e);
      if (!same) {
        return "value " + i + ": Keras " + e + ", jkeras " + a;
      }
    }
    return null;
  }

  /** Null when jkeras's config has Keras's keys and values (numbers compared as doubles), else the differences. */
  static String compareConfigs(Map<String, ?> keras, Map<String, ?> jkeras) {
    List<String> diffs = new ArrayList<>();
    for (String key : keras.keySet()) {
      if (!jkeras.containsKey(key)) {
        diffs.add("missing '" + key + "' (Keras: " + keras.get(key) + ")");
      } else if (!sameValue(keras.get(key), jkeras.get(key))) {
        diffs.add("'" + key + "': Keras " + keras.get(key) + ", jkeras " + jkeras.get(key));
      }
    }
    for (String key : jkeras.keySet()) {
      if (!keras.containsKey(key)) {
        diffs.add("extra '" + key + "' (jkeras: " + jkeras.get(key) + ")");
      }
    }
    return diffs.isEmpty() ? null : String.join("; ", diffs);
  }

  private static boolean sameValue(Object keras, Object jkeras) {
    if (keras instanceof Number k && jkeras instanceof Number j) {
      return Math.abs(k.doubleValue() - j.doubleValue()) <= 1e-7 * Math.max(1, Math.abs(k.doubleValue()));
    }
    if (keras instanceof List<?> k && jkeras instanceof List<?> j) {
      if (k.size() != j.size()) {
        return false;
      }
      for (int i = 0; i < k.size(); i++) {
        if (!sameValue(k.get(i), j.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (keras instanceof List<?> k && jkeras instanceof int[] j) {
      return sameValue(k, java.util.Arrays.stream(j).boxed().toList());
    }
    if (keras instanceof Map<?, ?> k && jkeras instanceof Map<?, ?> j) {
      @SuppressWarnings("unchecked")
      String diff = compareConfigs((Map<String, ?>) k, (Map<String, ?>) j);
      return diff == null;
    }
    return Objects.equals(keras, jkeras);
  }
}
