package dev.jkeras.samples.plots;

import dev.jkeras.callbacks.History;
import java.util.List;
import java.util.Map;

/**
 * The learning-curve plot of seed 002, {@code pd.DataFrame(history.history).plot(figsize=(8, 5))}
 * with a grid and the vertical range 0 to 1: one line per log, over the epochs.
 */
public final class LearningCurves {
  private static final List<String> COLORS = List.of("b-", "r-", "g-", "m-", "c-", "y-", "k-");

  private LearningCurves() {}

  /** The curves of {@code history} as an 800 x 500 figure, optionally with the vertical range 0 to 1. */
  public static Figure of(History history, String title, boolean zeroToOne) {
    Figure figure = new Figure(800, 500);
    Panel panel = figure.panel(title, "Epoch", null);
    int i = 0;
    for (Map.Entry<String, List<Double>> log : history.history().entrySet()) {
      panel.plot(log.getValue(), COLORS.get(i++ % COLORS.size()), log.getKey());
    }
    if (zeroToOne) {
      panel.ylim(0, 1);
    }
    return figure;
  }
}
