package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.argminEpoch;
import static dev.jkeras.samples.HistoryFigures.last;
import static dev.jkeras.samples.HistoryFigures.min;

import dev.jkeras.callbacks.History;

/** Prints and records a regularized model's validation figures beside the original model's. */
final class Comparisons {
  private Comparisons() {}

  static void print(SampleArgs args, Chapter5Data.Flat data, int epochs, History original, String name,
      History regularized) {
    System.out.printf("Original model: lowest validation loss %.4f at epoch %d, final %.4f%n",
        min(original, "val_loss"), argminEpoch(original, "val_loss"), last(original, "val_loss"));
    System.out.printf("%s model: lowest validation loss %.4f at epoch %d, final %.4f (data: %s)%n", name,
        min(regularized, "val_loss"), argminEpoch(regularized, "val_loss"), last(regularized, "val_loss"),
        data.description());
    args.record("data", data.description());
    args.record("epochs", epochs);
    args.record("original_min_val_loss", min(original, "val_loss"));
    args.record("original_best_epoch", argminEpoch(original, "val_loss"));
    args.record("original_final_val_loss", last(original, "val_loss"));
    args.record(name + "_min_val_loss", min(regularized, "val_loss"));
    args.record(name + "_best_epoch", argminEpoch(regularized, "val_loss"));
    args.record(name + "_final_val_loss", last(regularized, "val_loss"));
    args.record(name + "_final_val_accuracy", last(regularized, "val_accuracy"));
  }
}
