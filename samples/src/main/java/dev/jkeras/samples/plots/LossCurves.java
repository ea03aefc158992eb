package dev.jkeras.samples.plots;

import dev.jkeras.callbacks.History;

/**
 * Seed 000's {@code plot_loss_curves(ax, history, title)}: the training loss as a solid blue line
 * ({@code '-b'}, "Train Loss") and the validation loss dashed ({@code 'b--'}, "Validation Loss") over
 * the epochs, on one panel of a figure.
 */
public final class LossCurves {
  private LossCurves() {}

  /** Adds {@code history}'s loss curves as a new panel titled {@code title} to {@code figure}. */
  public static Panel plotLossCurves(Figure figure, History history, String title) {
    return figure.panel(title, "Epochs", "Loss")
        .plot(history.history().get("loss"), "-b", "Train Loss")
        .plot(history.history().get("val_loss"), "b--", "Validation Loss");
  }
}
