package dev.jkeras.utils;

import java.math.BigDecimal;

/** Python's {@code repr(float)}, and NumPy's {@code str} of a float32 scalar, from the shortest digits. */
final class PythonFloats {
  private PythonFloats() {}

  /**
   * The shortest digits that read back as {@code value}, fixed-point from 1e-4 to below 1e16 and
   * scientific otherwise: {@code 0.001}, {@code 100.0}, {@code 1e-05}, {@code 1.5e+16}, {@code nan}.
   */
  static String repr(double value, boolean float32) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String sign = value < 0 || value == 0 && 1 / value < 0 ? "-" : "";
    if (value == 0) {
      return sign + "0.0";
    }
    BigDecimal decimal = ShortestDigits.of(Math.abs(value), float32);
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }
}
