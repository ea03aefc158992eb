package dev.jkeras.samples;

import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.ModelCheckpoint;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Seed 002's "Using Callbacks" on the Fashion-MNIST MLP: a {@code ModelCheckpoint} with
 * {@code save_best_only=True} during 10 epochs, then the best model loaded back ("rollback to best
 * model"); then training resumed for up to 100 epochs with the checkpoint, an
 * {@code EarlyStopping(patience=10, restore_best_weights=True)} and the book's custom callback
 * printing the validation/training loss ratio. Finally the best checkpoint is loaded again and
 * tested: it matches the model whose best weights were restored.
 */
public final class CheckpointEarlyStopping implements Sample {

  @Override
  public String name() {
    return "checkpoint_early_stopping";
  }

  @Override
  public String description() {
    return "Seed 002: ModelCheckpoint(save_best_only) then EarlyStopping(patience=10, restore_best_weights) on the "
        + "Fashion-MNIST MLP, the best model loaded back, a custom callback printing val/train loss";
  }

  @Override
  public String bookReports() {
    return "The seed reports no figures; the main job's 30 epochs reach about 0.88 test accuracy in the book";
  }

  @Override
  public void run(SampleArgs args) {
    var data = SampleData.fashionMnist(args);
    int validationSize = data.validationSize();
    var xTrainFull = Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    long n = xTrainFull.shape().get(0);
    var xValid = xTrainFull.slice(Indices.range(0, validationSize));
    var xTrain = xTrainFull.slice(Indices.range(validationSize, n));
    var yValid = data.train().y().slice(Indices.range(0, validationSize));
    var yTrain = data.train().y().slice(Indices.range(validationSize, n));
    var xTest = Ops.divide(Ops.cast(data.test().x(), "float32"), 255f);
    var xCompare = xValid.slice(Indices.range(0, Math.min(100, validationSize)));
    Path checkpointFile = args.outputDir(this).resolve("my_keras_model.keras");

    var checkpointCb = new ModelCheckpoint(checkpointFile.toString()).saveBestOnly(true);
    History first;
    try (var model = new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300, "relu"),
        new Dense(100, "relu"),
        new Dense(10, "softmax"))) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(10);
      first = model.fit(xTrain, yTrain, fit -> fit.epochs(epochs)
          .validationData(xValid, yValid).callbacks(checkpointCb).verbose(2));
    }
    System.out.printf("Best checkpoint of the first %d epochs: val_loss %.4f at epoch %d, in %s%n",
        first.epoch().size(), checkpointCb.best(), HistoryFigures.argminEpoch(first, "val_loss"),
        checkpointFile.toAbsolutePath());

    var earlyStoppingCb = new EarlyStopping().patience(10).restoreBestWeights(true);
    var ratioCb = new PrintValTrainRatioCallback();
    History second;
    Map<String, Double> scores;
    NdArray<?> restoredPredictions;
    try (Model model = Models.loadModel(checkpointFile)) { // rollback to best model
      int epochs = args.epochs(100);
      second = model.fit(xTrain, yTrain, fit -> fit.epochs(epochs)
          .validationData(xValid, yValid).callbacks(checkpointCb, earlyStoppingCb, ratioCb).verbose(2));
      scores = model.evaluate(xTest, data.test().y());
      restoredPredictions = model.predict(xCompare);
    }
    boolean stoppedEarly = earlyStoppingCb.stoppedEpoch() > 0;
    System.out.printf("Second fit: %d epochs%s; best val_loss %.4f at epoch %d, whose weights were restored%n",
        second.epoch().size(), stoppedEarly ? " (stopped early by EarlyStopping)" : " (all of them)",
        earlyStoppingCb.best(), earlyStoppingCb.bestEpoch() + 1);
    System.out.printf("Test loss: %.4f, test accuracy: %.4f (data: %s)%n", scores.get("loss"), scores.get("accuracy"),
        data.description());

    double difference;
    try (Model best = Models.loadModel(checkpointFile)) {
      difference = MaxAbsDifference.of(best.predict(xCompare), restoredPredictions);
    }
    System.out.printf("The best checkpoint and the restored model predict alike: max |difference| %.2e%n", difference);

    Figure figure = new Figure(1200, 500);
    Panel losses = figure.panel("After the rollback: loss (early stopping)", "Epoch", "Loss");
    losses.plot(second.history().get("loss"), "b-", "loss");
    losses.plot(second.history().get("val_loss"), "r-", "val_loss");
    Panel ratio = figure.panel("PrintValTrainRatioCallback", "Epoch", "val_loss / loss");
    ratio.plot(ratioCb.ratios(), "g-", "val/train");
    args.savePlot(this, figure, "checkpoint_early_stopping.png");

    args.record("first_fit_epochs", first.epoch().size());
    args.record("first_fit_best_val_loss", HistoryFigures.min(first, "val_loss"));
    args.record("second_fit_epochs", second.epoch().size());
    args.record("stopped_early", stoppedEarly);
    args.record("best_epoch", earlyStoppingCb.bestEpoch() + 1);
    args.record("best_val_loss", earlyStoppingCb.best());
    args.record("test_accuracy", scores.get("accuracy"));
    args.record("test_loss", scores.get("loss"));
    args.record("checkpoint_vs_restored_max_abs_diff", difference);
    args.record("data", data.description());
  }
}
