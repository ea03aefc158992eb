package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.TensorBoard;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Layer;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.samples.plots.LearningCurves;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * The Fashion-MNIST classifier of Hands-On ML chapter 10 (seeds 002 and 004), ported line by line:
 * a 784-300-100-10 MLP trained with SGD on 55,000 images, validated on 5,000, tested on 10,000.
 * The main job: it also writes TensorBoard logs, the learning curves as a PNG, the model as a
 * {@code .keras} file and a SavedModel for serving, and says where each went.
 */
public final class FashionMnistMlp implements Sample {

  @Override
  public String name() {
    return "fashion_mnist_mlp";
  }

  @Override
  public String description() {
    return "Seed 002: Sequential MLP on Fashion-MNIST (summary, fit with validation and TensorBoard, evaluate, "
        + "predict, learning curves, save, export)";
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

    try (var model = new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300, "relu"),
        new Dense(100, "relu"),
        new Dense(10, "softmax"))) {
      model.summary();
      Layer hidden1 = model.layers().get(1);
      List<NdArray<?>> weights = hidden1.getWeights();
      System.out.println(hidden1.name() + " weights: kernel " + weights.get(0).shape() + ", bias " + weights.get(1).shape());

      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(30);
      Path out = args.outputDir(this);
      Path runLogdir = TensorBoard.runLogDir(out.resolve("my_logs"));
      History history = model.fit(xTrain, yTrain, fit -> fit
          .epochs(epochs)
          .validationData(xValid, yValid)
          .callbacks(new TensorBoard(runLogdir)));

      Map<String, Double> scores = model.evaluate(
          Ops.divide(Ops.cast(data.test().x(), "float32"), 255f), data.test().y());
      var yProba = model.predict(xValid.slice(Indices.range(0, 3)));
      System.out.println("Predicted probabilities of the first 3 validation images:");
      System.out.println(Printing.format(yProba));
      List<Double> valAccuracy = history.history().get("val_accuracy");
      System.out.printf("Validation accuracy by epoch: %s%n", Printing.format(valAccuracy));
      System.out.printf("Test loss: %.4f, test accuracy: %.4f (data: %s)%n",
          scores.get("loss"), scores.get("accuracy"), data.description());
      Path curves = args.savePlot(this, LearningCurves.of(history, "Fashion-MNIST MLP", true), "learning_curves.png");
      Path saved = out.resolve("my_keras_model.keras");
      model.save(saved);
      Path exported = out.resolve("my_fashion_mnist_model/1");
      model.export(exported);
      System.out.println("TensorBoard logs: " + runLogdir.toAbsolutePath()
          + "  (view with: tensorboard --logdir=" + out.resolve("my_logs").toAbsolutePath() + ")");
      System.out.println("Learning curves:  " + curves.toAbsolutePath());
      System.out.println("Keras model:      " + saved.toAbsolutePath());
      System.out.println("SavedModel:       " + exported.toAbsolutePath());
      args.record("test_accuracy", scores.get("accuracy"));
      args.record("test_loss", scores.get("loss"));
      args.record("epochs", history.epoch().size());
    }
  }
}
