package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.samples.plots.LearningCurves;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Seed 002's regression MLP ("Building a Regression MLP Using the Sequential API"): one hidden
 * {@code Dense(30, relu)}, one linear output, mean squared error and SGD for 20 epochs, then the
 * test MSE and predictions for 3 "new" instances. California housing is not available offline, so
 * the diabetes table stands in ({@link HousingStandIn}); the features are standardized as the book
 * means (the seed's {@code X_train_scaled = scaler.transform(X_valid)} is a typo for the
 * validation set).
 */
public final class RegressionMlp implements Sample {

  @Override
  public String name() {
    return "regression_mlp";
  }

  @Override
  public String description() {
    return "Seed 002: regression MLP (Dense 30 relu + Dense 1, SGD, MSE) on a California housing stand-in "
        + "(diabetes, target / 100), learning curves, predictions for 3 new instances";
  }

  @Override
  public String bookReports() {
    return "The seed reports no figures for this model (California housing, not available offline)";
  }

  @Override
  public void run(SampleArgs args) {
    HousingStandIn data = HousingStandIn.load();
    try (var model = new Sequential(
        new Dense(30, "relu").inputShape(data.train().featureCount()),
        new Dense(1))) {
      model.compile("sgd", "mean_squared_error");
      int epochs = args.epochs(20);
      History history = model.fit(data.train().features(), data.train().targets(), fit -> fit
          .epochs(epochs)
          .validationData(data.valid().features(), data.valid().targets()));
      double mseTest = model.evaluate(data.test().features(), data.test().targets()).get("loss");
      FloatNdArray xNew = data.test().features().slice(Indices.range(0, 3)); // pretend these are new instances
      FloatNdArray yPred = model.predict(xNew);
      double baseline = data.baselineTestMse();
      System.out.printf("Test MSE: %.4f (common-sense baseline, predicting the training mean: %.4f)%n", mseTest,
          baseline);
      for (int i = 0; i < 3; i++) {
        System.out.printf("New instance %d: predicted %.3f, actual %.3f%n", i, yPred.getFloat(i, 0),
            data.test().y()[i]);
      }
      args.savePlot(this, LearningCurves.of(history, "Regression MLP (diabetes stand-in)", false),
          "regression_learning_curves.png");
      args.record("test_mse", mseTest);
      args.record("baseline_test_mse", baseline);
      args.record("val_mse_last", HistoryFigures.last(history, "val_loss"));
      args.record("epochs", history.epoch().size());
      args.record("data", data.description());
    }
  }
}
