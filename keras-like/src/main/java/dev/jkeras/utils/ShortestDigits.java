package dev.jkeras.utils;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The fewest decimal digits that read back as a given float32 or float64 value, the closest such
 * number when several have as few digits: what NumPy's Dragon4 and Python's {@code repr} print.
 */
final class ShortestDigits {
  private ShortestDigits() {}

  /** The shortest decimal that reads back as {@code value} in the given precision; finite values only. */
  static BigDecimal of(double value, boolean float32) {
    if (value == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal exact = new BigDecimal(value);
    int maxDigits = float32 ? 9 : 17;
    for (int digits = 1; digits < maxDigits; digits++) {
      BigDecimal best = null;
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.UP, RoundingMode.DOWN}) {
        BigDecimal candidate = exact.round(new MathContext(digits, mode));
        if (readsBack(candidate, value, float32)
            && (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return best.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(maxDigits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  private static boolean readsBack(BigDecimal candidate, double value, boolean float32) {
    String text = candidate.toString();
    return float32 ? Float.parseFloat(text) == (float) value : Double.parseDouble(text) == value;
  }
}
