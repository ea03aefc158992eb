package dev.jkeras.samples;

import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import dev.jkeras.models.Model;
import dev.jkeras.samples.plots.Figure;
import dev.jkeras.samples.plots.Panel;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Seed 002's Wide &amp; Deep networks with the Functional API, as the seed writes them: one input
 * (the input concatenated with the deep path's output); two inputs (the wide path takes features
 * {@code [:, :5]}, the deep path {@code [:, 2:]}); two outputs (main and auxiliary, losses weighted
 * 0.9 and 0.1); and the subclassed {@link WideAndDeepModel}. Each is compiled with MSE and SGD,
 * trained for 20 epochs, evaluated and asked for predictions on 3 new instances. The diabetes
 * table stands in for California housing ({@link HousingStandIn}); it has 10 features rather than
 * 8, so the deep input takes 8 features here where the book's takes 6.
 */
public final class WideAndDeep implements Sample {

  @Override
  public String name() {
    return "wide_and_deep";
  }

  @Override
  public String description() {
    return "Seed 002: Wide & Deep with the Functional API (one input, two inputs, two outputs with loss weights "
        + "0.9/0.1) and the subclassed WideAndDeepModel, on a California housing stand-in (diabetes)";
  }

  @Override
  public String bookReports() {
    return "The seed reports no figures for these models (California housing, not available offline)";
  }

  @Override
  public void run(SampleArgs args) {
    HousingStandIn data = HousingStandIn.load();
    int epochs = args.epochs(20);
    Figure figure = new Figure(800, 500);
    Panel panel = figure.panel("Wide & Deep: validation MSE (main output)", "Epoch", "MSE");
    double baseline = data.baselineTestMse();
    System.out.printf("Common-sense baseline (predicting the training mean): test MSE %.4f%n", baseline);
    args.record("baseline_test_mse", baseline);

    oneInput(data, epochs, panel, args);

    FloatNdArray xTrainA = data.train().columns(0, 5);
    FloatNdArray xTrainB = data.train().columns(2, data.train().featureCount());
    FloatNdArray xValidA = data.valid().columns(0, 5);
    FloatNdArray xValidB = data.valid().columns(2, data.valid().featureCount());
    FloatNdArray xTestA = data.test().columns(0, 5);
    FloatNdArray xTestB = data.test().columns(2, data.test().featureCount());
    FloatNdArray xNewA = xTestA.slice(Indices.range(0, 3));
    FloatNdArray xNewB = xTestB.slice(Indices.range(0, 3));
    var yTrain = data.train().targets();
    var yValid = data.valid().targets();
    var yTest = data.test().targets();
    int deepFeatures = (int) xTrainB.shape().get(1);

    // Sending some features through the wide path and others through the deep path (they overlap).
    var inputA = Input.of(5).name("wide_input");
    var inputB = Input.of(deepFeatures).name("deep_input");
    var hidden1 = new Dense(30, "relu").apply(inputB);
    var hidden2 = new Dense(30, "relu").apply(hidden1);
    var concat = Layers.concatenate(inputA, hidden2);
    var output = new Dense(1).apply(concat);
    try (var model = new Model(List.of(inputA, inputB), List.of(output))) {
      model.compile("sgd", "mse");
      System.out.println("Two inputs:");
      History history = model.fit(List.of(xTrainA, xTrainB), List.of(yTrain), fit -> fit
          .epochs(epochs).validationData(List.of(xValidA, xValidB), List.of(yValid)).verbose(2));
      double mseTest = model.evaluate(List.of(xTestA, xTestB), List.of(yTest)).get("loss");
      List<FloatNdArray> yPred = model.predict(List.of(xNewA, xNewB));
      report("two_inputs", mseTest, yPred.get(0), data, args);
      panel.plot(history.history().get("val_loss"), "r-", "two inputs");
    }

    // Multiple outputs: an auxiliary output on the deep path, as a regularizer.
    inputA = Input.of(5).name("wide_input");
    inputB = Input.of(deepFeatures).name("deep_input");
    hidden1 = new Dense(30, "relu").apply(inputB);
    hidden2 = new Dense(30, "relu").apply(hidden1);
    concat = Layers.concatenate(inputA, hidden2);
    output = new Dense(1).name("main_output").apply(concat);
    var auxOutput = new Dense(1).name("aux_output").apply(hidden2);
    try (var model = new Model(List.of(inputA, inputB), List.of(output, auxOutput))) {
      System.out.println("Two outputs:");
      twoOutputs(model, "two_outputs", List.of(xTrainA, xTrainB), yTrain, List.of(xValidA, xValidB), yValid,
          List.of(xTestA, xTestB), yTest, List.of(xNewA, xNewB), epochs, panel, "g-", data, args);
    }

    try (var model = new WideAndDeepModel()) {
      System.out.println("Subclassed WideAndDeepModel:");
      twoOutputs(model, "subclassed", List.of(xTrainA, xTrainB), yTrain, List.of(xValidA, xValidB), yValid,
          List.of(xTestA, xTestB), yTest, List.of(xNewA, xNewB), epochs, panel, "m--", data, args);
    }
    args.savePlot(this, figure, "wide_and_deep_val_mse.png");
    args.record("epochs", epochs);
    args.record("data", data.description());
  }

  /** The Wide &amp; Deep network with one input: all features take both paths. */
  private static void oneInput(HousingStandIn data, int epochs, Panel panel, SampleArgs args) {
    var input = Input.of(data.train().featureCount());
    var hidden1 = new Dense(30, "relu").apply(input);
    var hidden2 = new Dense(30, "relu").apply(hidden1);
    var concat = new Concatenate().apply(List.of(input, hidden2));
    var output = new Dense(1).apply(concat);
    try (var model = new Model(List.of(input), List.of(output))) {
      model.summary();
      model.compile("sgd", "mse");
      System.out.println("One input:");
      History history = model.fit(data.train().features(), data.train().targets(), fit -> fit
          .epochs(epochs).validationData(data.valid().features(), data.valid().targets()).verbose(2));
      double mseTest = model.evaluate(data.test().features(), data.test().targets()).get("loss");
      FloatNdArray yPred = model.predict(data.test().features().slice(Indices.range(0, 3)));
      report("one_input", mseTest, yPred, data, args);
      panel.plot(history.history().get("val_loss"), "b-", "one input");
    }
  }

  /** Compiles with losses {@code ["mse", "mse"]} weighted 0.9/0.1, trains, evaluates and predicts. */
  private static void twoOutputs(Model model, String key, List<FloatNdArray> xTrain, FloatNdArray yTrain,
      List<FloatNdArray> xValid, FloatNdArray yValid, List<FloatNdArray> xTest, FloatNdArray yTest,
      List<FloatNdArray> xNew, int epochs, Panel panel, String style, HousingStandIn data, SampleArgs args) {
    model.compile(c -> c.optimizer("sgd").loss("mse", "mse").lossWeights(0.9, 0.1));
    History history = model.fit(xTrain, List.of(yTrain, yTrain), fit -> fit
        .epochs(epochs).validationData(xValid, List.of(yValid, yValid)).verbose(2));
    Map<String, Double> losses = model.evaluate(xTest, List.of(yTest, yTest));
    String main = model.outputNames().get(0) + "_loss";
    String aux = model.outputNames().get(1) + "_loss";
    System.out.printf("Test losses: total %.4f, %s %.4f, %s %.4f%n", losses.get("loss"), main, losses.get(main), aux,
        losses.get(aux));
    List<FloatNdArray> yPred = model.predict(xNew);
    FloatNdArray yPredAux = yPred.get(1);
    report(key, losses.get(main), yPred.get(0), data, args);
    System.out.printf("  auxiliary output: %.3f, %.3f, %.3f%n", yPredAux.getFloat(0, 0), yPredAux.getFloat(1, 0),
        yPredAux.getFloat(2, 0));
    args.record(key + "_test_total_loss", losses.get("loss"));
    args.record(key + "_test_aux_mse", losses.get(aux));
    panel.plot(history.history().get("val_" + main), style, key.replace('_', ' '));
  }

  private static void report(String key, double mseTest, FloatNdArray predictions, HousingStandIn data, SampleArgs args) {
    System.out.printf("%s: test MSE %.4f; 3 new instances: predicted %.3f, %.3f, %.3f; actual %.3f, %.3f, %.3f%n",
        key, mseTest, predictions.getFloat(0, 0), predictions.getFloat(1, 0), predictions.getFloat(2, 0),
        data.test().y()[0], data.test().y()[1], data.test().y()[2]);
    args.record(key + "_test_mse", mseTest);
  }
}
