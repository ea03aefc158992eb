package dev.jkeras.serving;

/**
 * C's {@code printf("%.<p>g", value)} for p of at most 9 without {@link java.math.BigDecimal}: the value
 * is scaled by an exactly held power of ten in one correctly rounded double operation (relative error at
 * most 2<sup>-53</sup>, so under 2·10<sup>-7</sup> in a scaled value below 10<sup>9</sup>), which decides
 * the rounding unless the scaled value lies within 10<sup>-6</sup> of a half. Then, and for zeros and
 * magnitudes whose scale no exact power of ten reaches, it answers null and the caller uses the exact
 * {@link RapidJsonWriter#printfG}.
 */
final class FastPrintfG {
  private static final double[] POWERS_OF_TEN = new double[23];
  private static final long[] LONG_POWERS = new long[19];
  private static final double TIE_MARGIN = 1e-6;

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
    long q = 1;
    for (int i = 0; i < LONG_POWERS.length; i++) {
      LONG_POWERS[i] = q;
      q *= 10;
    }
  }

  private FastPrintfG() {}

  /** {@code %.<precision>g} of a finite {@code value}, or null when only the exact path can tell. */
  static String format(double value, int precision) {
    if (precision < 1 || precision > 9 || value == 0 || !Double.isFinite(value)) {
      return null;
    }
    double magnitude = Math.abs(value);
    int exponent = (int) Math.floor(Math.log10(magnitude));
    double scaled = Double.NaN;
    for (int attempt = 0; attempt < 3; attempt++) {
      scaled = scale(magnitude, precision - 1 - exponent);
      if (Double.isNaN(scaled)) {
        return null;
      }
      if (scaled >= LONG_POWERS[precision]) {
        exponent++;
      } else if (scaled < LONG_POWERS[precision - 1]) {
        exponent--;
      } else {
        break;
      }
      scaled = Double.NaN;
    }
    if (Double.isNaN(scaled)) {
      return null;
    }
    double floor = Math.floor(scaled);
    double fraction = scaled - floor;
    if (Math.abs(fraction - 0.5) < TIE_MARGIN) {
      return null;
    }
    long digits = (long) floor + (fraction > 0.5 ? 1 : 0);
    if (digits == LONG_POWERS[precision]) {
      digits = LONG_POWERS[precision - 1];
      exponent++;
    }
    String text = Long.toString(digits);
    StringBuilder out = new StringBuilder(precision + 8);
    if (value < 0) {
      out.append('-');
    }
    if (exponent < -4 || exponent >= precision) {
      String significant = stripZeros(text);
      out.append(significant.charAt(0));
      if (significant.length() > 1) {
        out.append('.').append(significant, 1, significant.length());
      }
      int e = Math.abs(exponent);
      out.append('e').append(exponent < 0 ? '-' : '+').append(e < 10 ? "0" : "").append(e);
    } else if (exponent >= 0) {
      out.append(text, 0, exponent + 1);
      String decimals = stripZeros(text.substring(exponent + 1));
      if (!decimals.isEmpty()) {
        out.append('.').append(decimals);
      }
    } else {
      out.append("0.");
      for (int i = -1; i > exponent; i--) {
        out.append('0');
      }
      out.append(stripZeros(text));
    }
    return out.toString();
  }

  private static double scale(double magnitude, int power) {
    if (power >= 0) {
      return power < POWERS_OF_TEN.length ? magnitude * POWERS_OF_TEN[power] : Double.NaN;
    }
    return -power < POWERS_OF_TEN.length ? magnitude / POWERS_OF_TEN[-power] : Double.NaN;
  }

  private static String stripZeros(String digits) {
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }
}
