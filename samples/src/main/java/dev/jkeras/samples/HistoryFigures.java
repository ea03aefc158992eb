package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import java.util.List;

/** Figures read off a {@link History} for a sample's {@code results.json}: last, best, best epoch. */
final class HistoryFigures {
  private HistoryFigures() {}

  static double last(History history, String key) {
    List<Double> values = values(history, key);
    return values.get(values.size() - 1);
  }

  static double min(History history, String key) {
    return values(history, key).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  static double max(History history, String key) {
    return values(history, key).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /** The 1-based epoch of the lowest {@code key}: for {@code val_loss}, where overfitting begins. */
  static int argminEpoch(History history, String key) {
    List<Double> values = values(history, key);
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) < values.get(best)) {
        best = i;
      }
    }
    return best + 1;
  }

  private static List<Double> values(History history, String key) {
    List<Double> values = history.history().get(key);
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("The history has no '" + key + "'; it has " + history.history().keySet());
    }
    return values;
  }
}
