package dev.jkeras.samples.plots;

import dev.jkeras.callbacks.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The learning-curve plot of seed 002, {@code pd.DataFrame(history.history).plot(figsize=(8, 5))}
 * with a grid and the vertical range 0 to 1: one line per log, over the epochs.
 */
public final class LearningCurves {
  private static final List<String> COLORS = List.of("b-", "r-", "g-", "m-", "c-", "y-", "k-");

  private LearningCurves() {}

  /** Writes the curves of {@code history} to {@code file} (800 x 500 pixels); returns the file. */
  public static Path save(History history, String title, Path file, boolean zeroToOne) {
    Figure figure = new Figure(800, 500);
    Panel panel = figure.panel(title, "Epoch", null);
    int i = 0;
    for (Map.Entry<String, List<Double>> log : history.history().entrySet()) {
      panel.plot(log.getValue(), COLORS.get(i++ % COLORS.size()), log.getKey());
    }
    if (zeroToOne) {
      panel.ylim(0, 1);
    }
    return figure.save(file);
  }
}
