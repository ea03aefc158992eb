package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.argminEpoch;
import static dev.jkeras.samples.HistoryFigures.last;
import static dev.jkeras.samples.HistoryFigures.min;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.samples.plots.Figure;

/**
 * Seed 003, "Increasing model capacity": a logistic regression ({@code Dense(10, softmax)} alone)
 * whose validation loss stalls, against a 96-96-10 model that fits and then overfits.
 */
public final class ModelCapacity implements Sample {

  @Override
  public String name() {
    return "model_capacity";
  }

  @Override
  public String description() {
    return "Seed 003: MNIST (or Fashion-MNIST), logistic regression (insufficient capacity) vs Dense(96)-Dense(96)"
        + "-Dense(10), 20 epochs; validation loss plots";
  }

  @Override
  public String bookReports() {
    return "Logistic regression: validation loss reaches about 0.26 and stays there. The 96-96-10 model fits fast"
        + " and starts overfitting after about 8 epochs";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.mnistOrFashionMnist(args);
    int epochs = args.epochs(20);
    History historySmallModel = fit(data, epochs, new Sequential(new Dense(10, "softmax")));
    History historyLargeModel = fit(data, epochs, new Sequential(
        new Dense(96, "relu"),
        new Dense(96, "relu"),
        new Dense(10, "softmax")));

    Figure small = new Figure(640, 480);
    small.panel("Effect of insufficient model capacity on validation loss", "Epochs", "Loss")
        .plot(historySmallModel.history().get("val_loss"), "b--", "Validation loss");
    args.savePlot(this, small, "insufficient_capacity_val_loss.png");
    Figure large = new Figure(640, 480);
    large.panel("Validation loss for a model with appropriate capacity", "Epochs", "Loss")
        .plot(historyLargeModel.history().get("val_loss"), "b--", "Validation loss");
    args.savePlot(this, large, "appropriate_capacity_val_loss.png");

    System.out.printf("Logistic regression: final validation loss %.4f, lowest %.4f at epoch %d%n",
        last(historySmallModel, "val_loss"), min(historySmallModel, "val_loss"),
        argminEpoch(historySmallModel, "val_loss"));
    System.out.printf("96-96-10 model: final validation loss %.4f, lowest %.4f at epoch %d (overfits after it)"
        + " (data: %s)%n", last(historyLargeModel, "val_loss"), min(historyLargeModel, "val_loss"),
        argminEpoch(historyLargeModel, "val_loss"), data.description());
    args.record("data", data.description());
    args.record("epochs", epochs);
    args.record("logreg_final_val_loss", last(historySmallModel, "val_loss"));
    args.record("logreg_final_val_accuracy", last(historySmallModel, "val_accuracy"));
    args.record("large_min_val_loss", min(historyLargeModel, "val_loss"));
    args.record("large_best_epoch", argminEpoch(historyLargeModel, "val_loss"));
    args.record("large_final_val_accuracy", last(historyLargeModel, "val_accuracy"));
  }

  private static History fit(Chapter5Data.Flat data, int epochs, Sequential model) {
    try (model) {
      model.compile("rmsprop", "sparse_categorical_crossentropy", "accuracy");
      return model.fit(data.x(), data.y(), fit -> fit.epochs(epochs).batchSize(128).validationSplit(0.2));
    }
  }
}
