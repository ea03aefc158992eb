package dev.jkeras.samples;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tensorflow.ndarray.NdArray;

/** Compact text for arrays and lists of figures. */
final class Printing {
  private Printing() {}

  /** Rows of a 2-D array, values with 2 decimals, as NumPy prints {@code y_proba.round(2)}. */
  static String format(NdArray<?> matrix) {
    StringBuilder out = new StringBuilder();
    long rows = matrix.shape().get(0);
    long cols = matrix.shape().get(1);
    for (long r = 0; r < rows; r++) {
      out.append(r == 0 ? "[[" : " [");
      for (long c = 0; c < cols; c++) {
        double v = ((Number) matrix.getObject(r, c)).doubleValue();
        out.append(String.format(Locale.ROOT, "%.2f", v)).append(c < cols - 1 ? " " : "");
      }
      out.append(r < rows - 1 ? "]\n" : "]]");
    }
    return out.toString();
  }

  static String format(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).collect(Collectors.joining(", ", "[", "]"));
  }
}
