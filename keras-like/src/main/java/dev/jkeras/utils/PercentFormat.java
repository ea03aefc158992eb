package dev.jkeras.utils;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code %.Nf} and {@code %.Ne} formats: the exact binary value of a double rounded half to
 * even, so {@code 2.675} (stored as 2.67499999...) gives {@code 2.67} with two digits, as in Python,
 * where {@link String#format} would give {@code 2.68}.
 */
final class PercentFormat {
  private PercentFormat() {}

  /** {@code "%.{digits}f" % value}: {@code 0.7124}, {@code -0.0000}, {@code nan}, {@code inf}. */
  static String fixed(double value, int digits) {
    String special = special(value);
    if (special != null) {
      return special;
    }
    String magnitude = new BigDecimal(Math.abs(value)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return sign(value) + magnitude;
  }

  /** {@code "%.{digits}e" % value}: {@code 1.2340e-04}, {@code 0.0000e+00}, {@code 1.5e+100}. */
  static String scientific(double value, int digits) {
    String special = special(value);
    if (special != null) {
      return special;
    }
    double magnitude = Math.abs(value);
    String mantissa;
    int exponent;
    if (magnitude == 0) {
      mantissa = digits == 0 ? "0" : "0." + "0".repeat(digits);
      exponent = 0;
    } else {
      BigDecimal rounded = new BigDecimal(magnitude).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
      String unscaled = rounded.unscaledValue().toString();
      exponent = unscaled.length() - 1 - rounded.scale();
      String significant = (unscaled + "0".repeat(digits + 1)).substring(0, digits + 1);
      mantissa = digits == 0 ? significant : significant.charAt(0) + "." + significant.substring(1);
    }
    String exponentText = String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
    return sign(value) + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentText;
  }

  /** {@code "%.0f" % value}: whole numbers rounded half to even. */
  static String whole(double value) {
    return fixed(value, 0);
  }

  private static String sign(double value) {
    return value < 0 || value == 0 && 1 / value < 0 ? "-" : "";
  }

  private static String special(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return null;
  }
}
