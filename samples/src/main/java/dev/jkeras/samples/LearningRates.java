package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.last;
import static dev.jkeras.samples.HistoryFigures.max;

import dev.jkeras.callbacks.History;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.samples.plots.Figure;

/**
 * Seed 003, "Training a MNIST model with an incorrectly high learning rate" and "The same model with a
 * more appropriate learning rate": RMSprop(1.) against RMSprop(1e-2) on the 512-unit model.
 */
public final class LearningRates implements Sample {

  @Override
  public String name() {
    return "learning_rate";
  }

  @Override
  public String description() {
    return "Seed 003: MNIST (or Fashion-MNIST), Dense(512)-Dense(10) with RMSprop(1.) (too high) vs RMSprop(1e-2);"
        + " accuracy curves of both";
  }

  @Override
  public String bookReports() {
    return "With RMSprop(1.) training and validation accuracy stall around 30%-40%; with 1e-2 the model trains"
        + " normally";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.mnistOrFashionMnist(args);
    int epochs = args.epochs(10);
    History tooHigh = fit(data, 1.0, epochs);
    History sane = fit(data, 1e-2, epochs);

    Figure figure = new Figure(1200, 400);
    accuracyPanel(figure, tooHigh, "RMSprop(1.): incorrectly high learning rate");
    accuracyPanel(figure, sane, "RMSprop(1e-2): a more appropriate learning rate");
    args.savePlot(this, figure, "learning_rate_accuracy.png");

    System.out.printf("Validation accuracy after %d epochs: RMSprop(1.) %.4f, RMSprop(1e-2) %.4f (data: %s)%n",
        epochs, last(tooHigh, "val_accuracy"), last(sane, "val_accuracy"), data.description());
    args.record("data", data.description());
    args.record("epochs", epochs);
    args.record("lr_1_final_accuracy", last(tooHigh, "accuracy"));
    args.record("lr_1_final_val_accuracy", last(tooHigh, "val_accuracy"));
    args.record("lr_1e-2_final_accuracy", last(sane, "accuracy"));
    args.record("lr_1e-2_final_val_accuracy", last(sane, "val_accuracy"));
    args.record("lr_1e-2_best_val_accuracy", max(sane, "val_accuracy"));
  }

  private static History fit(Chapter5Data.Flat data, double learningRate, int epochs) {
    try (var model = Chapter5Models.mnistModel(new RMSprop(learningRate))) {
      return model.fit(data.x(), data.y(), fit -> fit.epochs(epochs).batchSize(128).validationSplit(0.2));
    }
  }

  private static void accuracyPanel(Figure figure, History history, String title) {
    figure.panel(title, "Epochs", "Accuracy")
        .plot(history.history().get("accuracy"), "-b", "Train Accuracy")
        .plot(history.history().get("val_accuracy"), "b--", "Validation Accuracy");
  }
}
