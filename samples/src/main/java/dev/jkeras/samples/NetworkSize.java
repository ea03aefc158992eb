package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.argminEpoch;
import static dev.jkeras.samples.HistoryFigures.min;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.LossCurves;

/**
 * Seeds 000/003, "Reducing the network's size": the IMDB original model (16-16-1), a low-capacity
 * (4-4-1) and a high-capacity (512-512-1) version, their loss curves on three panels as seed 000's
 * {@code plot_loss_curves} draws them. IMDB is not available offline; a Fashion-MNIST binary task
 * stands in (see {@link Chapter5Data#tshirtVsShirt}).
 */
public final class NetworkSize implements Sample {

  @Override
  public String name() {
    return "network_size";
  }

  @Override
  public String description() {
    return "Seeds 000/003: original (16-16-1), low (4-4-1) and high (512-512-1) capacity models on an IMDB stand-in"
        + " (Fashion-MNIST T-shirt vs shirt, pixel intensities one-hot: 12,544 sparse features), three loss-curve"
        + " panels";
  }

  @Override
  public String bookReports() {
    return "IMDB: the smaller model starts overfitting later (after 6 epochs rather than 4); the bigger one overfits"
        + " almost at once, after 1 epoch, more severely, with a choppy validation loss";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.tshirtVsShirt(args);
    int epochs = args.epochs(20);
    History historyOriginal = fit(data, epochs, Chapter5Models.originalModel());
    History historySmallerModel = fit(data, epochs, Chapter5Models.binaryModel(
        new Dense(4, "relu"),
        new Dense(4, "relu"),
        new Dense(1, "sigmoid")));
    History historyLargerModel = fit(data, epochs, Chapter5Models.binaryModel(
        new Dense(512, "relu"),
        new Dense(512, "relu"),
        new Dense(1, "sigmoid")));

    Figure figure = new Figure(1200, 400);
    LossCurves.plotLossCurves(figure, historyOriginal, "Original Model");
    LossCurves.plotLossCurves(figure, historySmallerModel, "Model with Low Capacity");
    LossCurves.plotLossCurves(figure, historyLargerModel, "Model with High Capacity");
    args.savePlot(this, figure, "network_size_loss_curves.png");

    record("original", historyOriginal, args);
    record("low_capacity", historySmallerModel, args);
    record("high_capacity", historyLargerModel, args);
    args.record("data", data.description());
    args.record("epochs", epochs);
  }

  /** {@code model.fit(train_data, train_labels, epochs=20, batch_size=512, validation_split=0.4)}. */
  static History fit(Chapter5Data.Flat data, int epochs, Sequential model) {
    try (model) {
      return model.fit(data.x(), data.y(), fit -> fit.epochs(epochs).batchSize(512).validationSplit(0.4));
    }
  }

  private static void record(String name, History history, SampleArgs args) {
    System.out.printf("%s: lowest validation loss %.4f at epoch %d (overfitting after it), final validation"
        + " accuracy %.4f%n", name, min(history, "val_loss"), argminEpoch(history, "val_loss"),
        HistoryFigures.last(history, "val_accuracy"));
    args.record(name + "_min_val_loss", min(history, "val_loss"));
    args.record(name + "_best_epoch", argminEpoch(history, "val_loss"));
  }
}
