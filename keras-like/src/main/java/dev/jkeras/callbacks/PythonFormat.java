package dev.jkeras.callbacks;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as Python's {@code repr(float)} writes them, for the files and messages Keras writes. */
final class PythonFormat {
  private PythonFormat() {}

  /**
   * The shortest digits that read back as {@code value}, fixed-point for exponents -4 to 15 and
   * scientific otherwise: {@code 0.001}, {@code 100.0}, {@code 1e-05}, {@code 1.5e+16}, {@code nan}.
   */
  static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    String sign = value < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }
}
