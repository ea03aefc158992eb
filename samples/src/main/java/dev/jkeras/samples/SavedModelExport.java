package dev.jkeras.samples;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.samples.plots.LearningCurves;
import dev.jkeras.saving.SavedModels;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Seed 000's deployment section ("install TensorFlow on a server ... and query the model's
 * predictions"): the Fashion-MNIST MLP is trained, exported as a TensorFlow SavedModel
 * ({@code model.export}, the format TF Serving loads), loaded back with {@link SavedModels#load}
 * as a server would, without any jkeras model, and its {@code serving_default} signature is called
 * on the test images: it must serve what {@code predict} gives.
 */
public final class SavedModelExport implements Sample {

  @Override
  public String name() {
    return "savedmodel_export";
  }

  @Override
  public String description() {
    return "Seed 000 (deployment): train the Fashion-MNIST MLP, export a SavedModel, reload it with "
        + "SavedModels.load and check serving_default serves what predict gives";
  }

  @Override
  public String bookReports() {
    return "The seed describes deployment (TensorFlow on a server behind a REST API) without figures";
  }

  @Override
  public void run(SampleArgs args) {
    var data = SampleData.fashionMnist(args);
    var xTrain = Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    var xTest = (FloatNdArray) Ops.divide(Ops.cast(data.test().x(), "float32"), 255f);
    Path exported = args.outputDir(this).resolve("my_fashion_mnist_model").resolve("1");
    NdArray<?> predicted;
    Map<String, Double> scores;
    try (var model = new Sequential(
        new Flatten().inputShape(28, 28),
        new Dense(300, "relu"),
        new Dense(100, "relu"),
        new Dense(10, "softmax"))) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      int epochs = args.epochs(10);
      var history = model.fit(xTrain, data.train().y(), fit -> fit.epochs(epochs).verbose(2));
      args.savePlot(this, LearningCurves.of(history, "Fashion-MNIST MLP before export", true), "learning_curves.png");
      scores = model.evaluate(xTest, data.test().y());
      predicted = model.predict(xTest);
      model.export(exported);
      args.record("epochs", epochs);
    }
    System.out.println("SavedModel: " + exported.toAbsolutePath());

    try (ImportedModel served = SavedModels.load(exported.toString())) {
      SignatureSpec signature = served.signatures().get("serving_default");
      System.out.println("Tags: " + served.tags());
      System.out.println("Signature serving_default: inputs " + signature.inputs().values() + ", outputs "
          + signature.outputs().values());
      String inputName = signature.inputs().keySet().iterator().next();
      String outputName = signature.outputs().keySet().iterator().next();
      NdArray<?> output = served.call("serving_default", Map.of(inputName, xTest)).get(outputName);
      double difference = MaxAbsDifference.of(output, predicted);
      double servedAccuracy = accuracy(output, data.test().y());
      System.out.printf("Served outputs vs predict: max |difference| %.2e; served test accuracy %.4f, evaluate's %.4f"
          + " (data: %s)%n", difference, servedAccuracy, scores.get("accuracy"), data.description());
      args.record("test_accuracy", scores.get("accuracy"));
      args.record("served_test_accuracy", servedAccuracy);
      args.record("served_vs_predict_max_abs_diff", difference);
      args.record("signature", "serving_default(" + signature.inputs().values() + ") -> "
          + signature.outputs().values());
    }
  }

  /** The fraction of rows whose largest probability is at the label. */
  private static double accuracy(NdArray<?> probabilities, NdArray<?> labels) {
    long rows = probabilities.shape().get(0);
    long classes = probabilities.shape().get(1);
    long correct = 0;
    for (long r = 0; r < rows; r++) {
      long best = 0;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (long c = 0; c < classes; c++) {
        double v = ((Number) probabilities.getObject(r, c)).doubleValue();
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      correct += best == ((Number) labels.getObject(r)).longValue() ? 1 : 0;
    }
    return (double) correct / rows;
  }
}
