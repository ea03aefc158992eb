package dev.jkeras.samples;

import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.utils.Utils;
import java.util.Map;

/**
 * Seed 001's CNN (../shared/API.md snippet 5) on Fashion-MNIST: two Conv2D + MaxPooling2D blocks,
 * dropout and a softmax, trained with Adam on one-hot labels with EarlyStopping on a 10% validation
 * split, then evaluated on the test set, printing test loss and accuracy as the seed does.
 */
public final class FashionMnistCnn implements Sample {

  @Override
  public String name() {
    return "fashion_mnist_cnn";
  }

  @Override
  public String description() {
    return "Seed 001: Conv2D/MaxPooling2D CNN on Fashion-MNIST with EarlyStopping and to_categorical";
  }

  @Override
  public void run(SampleArgs args) {
    var data = SampleData.fashionMnist(args);
    // x_train.astype("float32") / 255, then np.expand_dims(x, -1): (n, 28, 28, 1).
    var xTrain = Ops.expandDims(Ops.divide(Ops.cast(data.train().x(), "float32"), 255f), -1);
    var xTest = Ops.expandDims(Ops.divide(Ops.cast(data.test().x(), "float32"), 255f), -1);
    var yTrain = data.train().y();
    var yTest = Utils.toCategorical(data.test().y(), 10);
    System.out.println("x_train shape: " + xTrain.shape());

    try (var model = new Sequential(
        new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
        new MaxPooling2D(2),
        new Conv2D(64, 3).activation("relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10, "softmax"))) {
      model.summary();
      var earlyStopping = new EarlyStopping().minDelta(0.0005).patience(2);
      model.compile("adam", "categorical_crossentropy", "accuracy");
      int epochs = args.epochs(30);
      long start = System.nanoTime();
      var history = model.fit(xTrain, Utils.toCategorical(yTrain, 10), fit -> fit
          .batchSize(128).epochs(epochs).callbacks(earlyStopping).validationSplit(0.1));
      double seconds = (System.nanoTime() - start) / 1e9;

      Map<String, Double> performance = model.evaluate(xTest, yTest);
      System.out.printf("Trained %d epochs in %.0f s%s%n", history.epoch().size(), seconds,
          earlyStopping.stoppedEpoch() > 0 ? " (early stopping at epoch " + (earlyStopping.stoppedEpoch() + 1) + ")" : "");
      System.out.printf("The test loss is %.2f%n", performance.get("loss"));
      System.out.printf("The test accuracy is %.2f%% (data: %s)%n", performance.get("accuracy") * 100,
          data.description());
      args.record("test_accuracy", performance.get("accuracy"));
      args.record("test_loss", performance.get("loss"));
      args.record("epochs", history.epoch().size());
      args.record("seconds", seconds);
    }
  }
}
