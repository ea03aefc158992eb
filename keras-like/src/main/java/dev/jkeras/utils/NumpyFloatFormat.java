package dev.jkeras.utils;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * How NumPy prints the floats of one array (its {@code FloatingFormat} with the default options:
 * precision 8, {@code floatmode='maxprec'}, no {@code suppress}): every element in the same width,
 * positional ({@code 0.5       }, {@code 1.        }) unless the values span more than three orders of
 * magnitude, pass 1e8 or are below 1e-4, then scientific ({@code 1.5e-05}).
 */
final class NumpyFloatFormat {
  private static final int PRECISION = 8;

  private final boolean float32;
  private final boolean scientific;
  private int padLeft;
  private int padRight;
  private int digits;
  private int exponentDigits;

  /** The format for {@code values}, the elements NumPy shows (the corners of a summarized array). */
  NumpyFloatFormat(List<Double> values, boolean float32) {
    this.float32 = float32;
    List<Double> finite = values.stream().filter(Double::isFinite).toList();
    List<Double> nonZero = finite.stream().filter(v -> v != 0).map(Math::abs).toList();
    boolean exponential = false;
    if (!nonZero.isEmpty()) {
      double max = nonZero.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      double min = nonZero.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      exponential = max >= 1e8 || min < 0.0001 || max / min > 1000.0;
    }
    this.scientific = exponential;
    if (!finite.isEmpty()) {
      for (double value : finite) {
        String[] parts = exponential ? scientificParts(value, 0) : positionalParts(value);
        padLeft = Math.max(padLeft, parts[0].length());
        if (exponential) {
          digits = Math.max(digits, parts[1].length());
          exponentDigits = Math.max(exponentDigits, parts[2].length() - 1);
        } else {
          padRight = Math.max(padRight, parts[1].length());
        }
      }
      if (exponential) {
        padRight = exponentDigits + 2 + digits;
      }
    }
    if (finite.size() != values.size()) {
      boolean negativeInfinity = values.stream().anyMatch(v -> v == Double.NEGATIVE_INFINITY);
      int offset = padRight + 1;
      padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset));
    }
  }

  /** One element, padded to the common width. */
  String format(double value) {
    if (!Double.isFinite(value)) {
      String text = Double.isNaN(value) ? "nan" : value < 0 ? "-inf" : "inf";
      return " ".repeat(Math.max(0, padLeft + padRight + 1 - text.length())) + text;
    }
    if (scientific) {
      String[] parts = scientificParts(value, digits);
      String exponent = parts[2].substring(0, 1) + "0".repeat(Math.max(0, exponentDigits - (parts[2].length() - 1)))
          + parts[2].substring(1);
      return pad(parts[0]) + "." + parts[1] + "e" + exponent;
    }
    String[] parts = positionalParts(value);
    return pad(parts[0]) + "." + parts[1] + " ".repeat(padRight - parts[1].length());
  }

  private String pad(String integerPart) {
    return " ".repeat(Math.max(0, padLeft - integerPart.length())) + integerPart;
  }

  /** Sign and integer digits, and fraction digits: at most 8, trailing zeros dropped. */
  private String[] positionalParts(double value) {
    BigDecimal decimal = ShortestDigits.of(value, float32);
    if (decimal.scale() > PRECISION) {
      decimal = new BigDecimal(value).setScale(PRECISION, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
    String plain = decimal.abs().toPlainString();
    int point = plain.indexOf('.');
    String integer = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : plain.substring(point + 1);
    return new String[] {sign(value) + integer, fraction};
  }

  /**
   * Sign and first digit, fraction digits (the shortest, or exactly {@code minDigits} when more), and
   * the signed exponent.
   */
  private String[] scientificParts(double value, int minDigits) {
    BigDecimal decimal = ShortestDigits.of(value, float32);
    int significant = decimal.signum() == 0 ? 1 : decimal.precision();
    if (significant > PRECISION + 1 || significant < minDigits + 1) {
      // Past the shortest digits, Dragon4 prints the exact value's digits, rounded half to even.
      int wanted = Math.min(PRECISION + 1, Math.max(significant, minDigits + 1));
      decimal = new BigDecimal(value).round(new MathContext(wanted, RoundingMode.HALF_EVEN));
    }
    String significand = decimal.unscaledValue().abs().toString();
    int exponent = decimal.signum() == 0 ? 0 : significand.length() - 1 - decimal.scale();
    String fraction = significand.substring(1);
    fraction = minDigits > 0 ? fraction : fraction.replaceAll("0+$", "");
    fraction = fraction + "0".repeat(Math.max(0, minDigits - fraction.length()));
    String exponentText = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    return new String[] {sign(value) + significand.charAt(0), fraction, exponentText};
  }

  private static String sign(double value) {
    return value < 0 || value == 0 && 1 / value < 0 ? "-" : "";
  }
}
