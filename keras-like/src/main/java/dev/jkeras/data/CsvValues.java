package dev.jkeras.data;

import dev.jkeras.DType;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads CSV field text as TensorFlow's {@code DecodeCSV} kernel does (its {@code safe_strto32}, {@code
 * safe_strto64}, {@code safe_strtof} and {@code safe_strtod}): whitespace around a number is allowed,
 * floats may be {@code inf} or {@code nan} in any case or a hexadecimal integer, and a float field of 32
 * characters or more is refused, as TensorFlow refuses it. And infers a column's type from sample values
 * as {@code make_csv_dataset} does.
 */
final class CsvValues {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9a-fA-F]+");
  private static final int TF_MAX_FLOAT_CHARS = 32;

  private CsvValues() {}

  /** The field's value as {@code dtype} (a boxed number or the string), or null if it is not one. */
  static Object parse(String field, DType dtype) {
    return switch (dtype) {
      case STRING -> field;
      case INT32 -> {
        Long v = parseInteger(field);
        yield v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) v.intValue() : null;
      }
      case INT64 -> parseInteger(field);
      case FLOAT32 -> {
        Double v = parseFloating(field);
        yield v == null ? null : (Object) v.floatValue();
      }
      case FLOAT64 -> parseFloating(field);
      default -> throw new IllegalArgumentException("A CSV column is float32, float64, int32, int64 or string; got " + dtype);
    };
  }

  private static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }

  private static Long parseInteger(String field) {
    String s = strip(field);
    if (!INTEGER.matcher(s).matches()) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException overflow) {
      return null;
    }
  }

  private static Double parseFloating(String field) {
    if (field.length() >= TF_MAX_FLOAT_CHARS) {
      return null;
    }
    String s = strip(field);
    String lower = s.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> {
        // a number follows
      }
    }
    if (DECIMAL.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    if (HEX.matcher(s).matches()) {
      boolean negative = s.charAt(0) == '-';
      String digits = s.replaceFirst("^[+-]?0[xX]", "");
      double value = new java.math.BigInteger(digits, 16).doubleValue();
      return negative ? -value : value;
    }
    return null;
  }

  /**
   * The type {@code make_csv_dataset} infers after {@code previous} (null before any value) once it sees
   * {@code field}: the first of int32, int64, float32, float64, string that holds it and is no narrower
   * than {@code previous}. Empty and NA fields leave the type as it was.
   */
  static DType inferAfter(DType previous, String field, String naValue) {
    if (field.isEmpty() || field.equals(naValue)) {
      return previous;
    }
    DType[] order = {DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64, DType.STRING};
    int from = previous == null ? 0 : java.util.Arrays.asList(order).indexOf(previous);
    for (int i = from; i < order.length; i++) {
      if (holds(order[i], field)) {
        return order[i];
      }
    }
    return DType.STRING;
  }

  /** A float as Python's {@code float()} reads it for inference: no hexadecimal. */
  private static Double pythonFloat(String field) {
    return HEX.matcher(strip(field)).matches() ? null : parseFloating(field);
  }

  /** Python's test for each type: int32/int64 in range, a float below the type's maximum (so not inf or nan). */
  private static boolean holds(DType type, String field) {
    return switch (type) {
      case INT32, INT64 -> parse(field, type) != null;
      case FLOAT32 -> {
        Double v = pythonFloat(field);
        yield v != null && (float) v.doubleValue() < Float.MAX_VALUE;
      }
      case FLOAT64 -> {
        Double v = pythonFloat(field);
        yield v != null && v < Double.MAX_VALUE;
      }
      default -> true;
    };
  }
}
