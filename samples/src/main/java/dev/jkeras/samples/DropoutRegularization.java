package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.LossCurves;

/**
 * Seeds 000/003, "Adding dropout to the IMDB model": Dropout(0.5) after each 16-unit hidden layer,
 * its loss curves, and its validation loss against the original model's. IMDB is not available
 * offline; a Fashion-MNIST binary task stands in.
 */
public final class DropoutRegularization implements Sample {

  @Override
  public String name() {
    return "dropout";
  }

  @Override
  public String description() {
    return "Seeds 000/003: 16-16-1 with Dropout(0.5) vs the original model on an IMDB stand-in (Fashion-MNIST"
        + " T-shirt vs shirt, pixel intensities one-hot: 12,544 sparse features); loss curves and validation loss"
        + " comparison";
  }

  @Override
  public String bookReports() {
    return "IMDB: a clear improvement over the original model, and better than L2: the lowest validation loss is"
        + " lower";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.tshirtVsShirt(args);
    int epochs = args.epochs(20);
    History historyOriginal = NetworkSize.fit(data, epochs, Chapter5Models.originalModel());
    History historyDropout = NetworkSize.fit(data, epochs, Chapter5Models.binaryModel(
        new Dense(16, "relu"),
        new Dropout(0.5),
        new Dense(16, "relu"),
        new Dropout(0.5),
        new Dense(1, "sigmoid")));

    Figure curves = new Figure(640, 480);
    LossCurves.plotLossCurves(curves, historyDropout, "Model with Dropout");
    args.savePlot(this, curves, "dropout_loss_curves.png");
    Figure comparison = new Figure(640, 480);
    comparison.panel("Effect of dropout on validation loss", "Epochs", "Loss")
        .plot(historyOriginal.history().get("val_loss"), "b--", "Validation loss of original model")
        .plot(historyDropout.history().get("val_loss"), "b-", "Validation loss of dropout-regularized model");
    args.savePlot(this, comparison, "dropout_val_loss.png");

    Comparisons.print(args, data, epochs, historyOriginal, "dropout", historyDropout);
  }
}
