package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import dev.jkeras.utils.Utils;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Seed 001's MLP on the Iris data set, built twice as the seed builds it: with the Sequential API
 * ({@code Dense(32, input_shape=(4,))}, two more {@code Dense(32)}, a softmax over 3 species) and
 * with the Functional API ({@code Input((4,))} through the same layers, {@code Model(inputs=[input],
 * outputs=[output])}). The seed shows only the models; they are compiled and trained here as its
 * CNN is (Adam, categorical cross-entropy on {@code to_categorical} labels, accuracy, a 10%
 * validation split), on 120 flowers, and tested on the other 30, printing test loss and accuracy
 * as the seed does.
 */
public final class IrisMlp implements Sample {
  private static final int EPOCHS = 100;

  @Override
  public String name() {
    return "iris_mlp";
  }

  @Override
  public String description() {
    return "Seed 001: the Iris MLP (4-32-32-32-3) with the Sequential and the Functional API, test loss and accuracy";
  }

  @Override
  public String bookReports() {
    return "The seed shows the Iris models without training figures (its CNN reaches 99.00% on MNIST)";
  }

  @Override
  public void run(SampleArgs args) {
    List<TabularData> split = IrisData.load().trainTestSplit(0.2, 42);
    TabularData train = split.get(0);
    TabularData test = split.get(1);
    System.out.printf("Data: Iris (UCI), %d training and %d test flowers%n", train.size(), test.size());
    var xTrain = train.features();
    var yTrain = Utils.toCategorical(train.labels(), 3);
    var xTest = test.features();
    var yTest = Utils.toCategorical(test.labels(), 3);
    int epochs = args.epochs(EPOCHS);

    Figure figure = new Figure(1200, 500);
    System.out.println("Sequential API:");
    try (var model = new Sequential()) {
      model.add(new Dense(32, "relu").inputShape(4));
      model.add(new Dense(32, "relu"));
      model.add(new Dense(32, "relu"));
      model.add(new Dense(3, "softmax")); // final layer.
      trainAndTest(model, "sequential", xTrain, yTrain, xTest, yTest, epochs, figure, args);
    }

    System.out.println("Functional API:");
    var input = Input.of(4);
    var x = new Dense(32, "relu").apply(input);
    x = new Dense(32, "relu").apply(x);
    x = new Dense(32, "relu").apply(x);
    var output = new Dense(3, "softmax").apply(x);
    try (Model model = new Model(List.of(input), List.of(output))) {
      trainAndTest(model, "functional", xTrain, yTrain, xTest, yTest, epochs, figure, args);
    }
    args.savePlot(this, figure, "iris_learning_curves.png");
    args.record("epochs", epochs);
  }

  private static void trainAndTest(Model model, String api, FloatNdArray xTrain,
      FloatNdArray yTrain, FloatNdArray xTest,
      FloatNdArray yTest, int epochs, Figure figure, SampleArgs args) {
    model.summary();
    model.compile("adam", "categorical_crossentropy", "accuracy");
    History history = model.fit(xTrain, yTrain, fit -> fit.epochs(epochs).validationSplit(0.1).verbose(2));
    Map<String, Double> performance = model.evaluate(xTest, yTest);
    System.out.printf("The test loss is %.2f%n", performance.get("loss"));
    System.out.printf("The test accuracy is %.2f%%%n", performance.get("accuracy") * 100);
    Panel panel = figure.panel("Iris MLP, " + api + " API", "Epoch", null);
    panel.plot(history.history().get("accuracy"), "b-", "accuracy");
    panel.plot(history.history().get("val_accuracy"), "r--", "val_accuracy");
    panel.plot(history.history().get("loss"), "g-", "loss");
    panel.plot(history.history().get("val_loss"), "m--", "val_loss");
    args.record(api + "_test_accuracy", performance.get("accuracy"));
    args.record(api + "_test_loss", performance.get("loss"));
  }
}
