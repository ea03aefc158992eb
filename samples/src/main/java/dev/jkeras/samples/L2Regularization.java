package dev.jkeras.samples;

import static dev.jkeras.samples.HistoryFigures.argminEpoch;
import static dev.jkeras.samples.HistoryFigures.last;
import static dev.jkeras.samples.HistoryFigures.min;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.regularizers.Regularizers;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.LossCurves;

/**
 * Seeds 000/003, "Adding L2 weight regularization to the model": the original 16-16-1 model with
 * {@code l2(0.002)} on both hidden kernels, its loss curves, and its validation loss against the
 * original model's. IMDB is not available offline; a Fashion-MNIST binary task stands in.
 */
public final class L2Regularization implements Sample {

  @Override
  public String name() {
    return "l2_regularization";
  }

  @Override
  public String description() {
    return "Seeds 000/003: 16-16-1 with kernel_regularizer=l2(0.002) vs the original model on an IMDB stand-in"
        + " (Fashion-MNIST T-shirt vs shirt, pixel intensities one-hot: 12,544 sparse features); loss curves and"
        + " validation loss comparison";
  }

  @Override
  public String bookReports() {
    return "IMDB: the L2-regularized model is much more resistant to overfitting than the original model, with the"
        + " same number of parameters";
  }

  @Override
  public void run(SampleArgs args) {
    var data = Chapter5Data.tshirtVsShirt(args);
    int epochs = args.epochs(20);
    History historyOriginal = NetworkSize.fit(data, epochs, Chapter5Models.originalModel());
    History historyL2Reg = NetworkSize.fit(data, epochs, Chapter5Models.binaryModel(
        new Dense(16).kernelRegularizer(Regularizers.l2(0.002)).activation("relu"),
        new Dense(16).kernelRegularizer(Regularizers.l2(0.002)).activation("relu"),
        new Dense(1, "sigmoid")));
    Regularizers.l1(0.001);
    Regularizers.l1L2(0.001, 0.001);

    Figure curves = new Figure(640, 480);
    LossCurves.plotLossCurves(curves, historyL2Reg, "Model with L2 Regularization");
    args.savePlot(this, curves, "l2_regularization_loss_curves.png");
    Figure comparison = new Figure(640, 480);
    comparison.panel("Effect of L2 weight regularization on validation loss", "Epochs", "Loss")
        .plot(historyOriginal.history().get("val_loss"), "b--", "Validation loss of original model")
        .plot(historyL2Reg.history().get("val_loss"), "b-", "Validation loss of L2-regularized model");
    args.savePlot(this, comparison, "l2_regularization_val_loss.png");

    Comparisons.print(args, data, epochs, historyOriginal, "l2", historyL2Reg);
  }
}
