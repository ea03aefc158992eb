package dev.jkeras.saving;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Numbers read from JSON, compared and printed exactly (never {@code 1.0E12} for 10^12, never wrapped). */
final class Numbers {
  private Numbers() {}

  /** The exact value of a JSON number, or null for NaN and infinities. */
  static BigDecimal exact(Number number) {
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      return Double.isFinite(d) ? new BigDecimal(d) : null;
    }
    if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
      return BigDecimal.valueOf(number.longValue());
    }
    try {
      return new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A config value as it reads in the file: integral numbers without exponent, lists item by item. */
  static String format(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(Numbers::format).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) >= 1e7) {
        return new BigDecimal(d).toPlainString();
      }
    }
    return String.valueOf(value);
  }
}
