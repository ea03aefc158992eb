package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** ../shared/API.md snippets 3 and 4 and the Functional API around them. */
class FunctionalTest {

  /** A regression task: y = a nonlinear function of 8 features, split as 5 wide and 6 deep (overlapping). */
  record Regression(FloatNdArray wide, FloatNdArray deep, FloatNdArray all, FloatNdArray y) {}

  static Regression regression(int n, long seed) {
    Random random = new Random(seed);
    FloatNdArray all = NdArrays.ofFloats(Shape.of(n, 8));
    FloatNdArray wide = NdArrays.ofFloats(Shape.of(n, 5));
    FloatNdArray deep = NdArrays.ofFloats(Shape.of(n, 6));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(n));
    for (int i = 0; i < n; i++) {
      float[] f = new float[8];
      for (int j = 0; j < 8; j++) {
        f[j] = (float) random.nextGaussian();
        all.setFloat(f[j], i, j);
      }
      for (int j = 0; j < 5; j++) {
        wide.setFloat(f[j], i, j);
      }
      for (int j = 0; j < 6; j++) {
        deep.setFloat(f[j + 2], i, j);
      }
      y.setFloat((float) (f[0] - 0.5 * f[1] + Math.sin(f[4]) + f[5] * f[6] * 0.5), i);
    }
    return new Regression(wide, deep, all, y);
  }

  private static double variance(FloatNdArray y) {
    double mean = 0;
    long n = y.shape().get(0);
    for (long i = 0; i < n; i++) {
      mean += y.getFloat(i) / n;
    }
    double var = 0;
    for (long i = 0; i < n; i++) {
      var += Math.pow(y.getFloat(i) - mean, 2) / n;
    }
    return var;
  }

  @Test
  void snippet3WideAndDeepWithTwoInputsAndTwoOutputs() {
    Regression train = regression(2000, 1);
    Regression valid = regression(500, 2);
    var inputA = Input.of(5).name("wide_input");
    var inputB = Input.of(6).name("deep_input");
    var hidden1 = new Dense(30, "relu").apply(inputB);
    var hidden2 = new Dense(30, "relu").apply(hidden1);
    var concat = Layers.concatenate(inputA, hidden2);
    var output = new Dense(1).name("main_output").apply(concat);
    var auxOutput = new Dense(1).name("aux_output").apply(hidden2);
    try (var model = new Model(List.of(inputA, inputB), List.of(output, auxOutput))) {
      assertEquals(List.of("wide_input", "deep_input"), model.inputNames());
      assertEquals(List.of("main_output", "aux_output"), model.outputNames());
      model.compile(c -> c.optimizer("sgd").loss("mse", "mse").lossWeights(0.9, 0.1));
      var history = model.fit(List.of(train.wide(), train.deep()), List.of(train.y(), train.y()), fit -> fit
          .epochs(20).verbose(0).validationData(List.of(valid.wide(), valid.deep()), List.of(valid.y(), valid.y())));
      assertEquals(List.of("loss", "main_output_loss", "aux_output_loss", "val_loss", "val_main_output_loss",
          "val_aux_output_loss"), List.copyOf(history.history().keySet()));
      var losses = model.evaluate(List.of(valid.wide(), valid.deep()), List.of(valid.y(), valid.y()), e -> e.verbose(0));
      assertEquals(0.9 * losses.get("main_output_loss") + 0.1 * losses.get("aux_output_loss"), losses.get("loss"), 1e-3);
      assertTrue(losses.get("main_output_loss") < 0.5 * variance(valid.y()),
          "main MSE " + losses + " vs mean-predictor " + variance(valid.y()));
      List<?> predictions = model.predict(List.of(valid.wide(), valid.deep()), p -> p.verbose(0));
      assertEquals(2, predictions.size());
      assertEquals(Shape.of(500, 1), ((NdArray<?>) predictions.get(0)).shape());

      var byName = model.evaluate(Map.of("wide_input", valid.wide(), "deep_input", valid.deep()),
          Map.of("main_output", valid.y(), "aux_output", valid.y()), e -> e.verbose(0));
      assertEquals(losses.get("loss"), byName.get("loss"), 1e-6);
    }
  }

  @Test
  void wideAndDeepWithOneInputBeatsTheMeanPredictor() {
    Regression train = regression(2000, 3);
    var input = Input.of(8);
    var hidden1 = new Dense(30, "relu").apply(input);
    var hidden2 = new Dense(30, "relu").apply(hidden1);
    var concat = new Concatenate().apply(List.of(input, hidden2));
    var output = new Dense(1).apply(concat);
    try (var model = new Model(input, output)) {
      model.compile(c -> c.optimizer("adam").loss("mse"));
      var history = model.fit(train.all(), train.y(), fit -> fit.epochs(15).verbose(0).validationSplit(0.2));
      List<Double> valLoss = history.history().get("val_loss");
      assertTrue(valLoss.get(valLoss.size() - 1) < 0.3 * variance(train.y()), "val MSE " + valLoss);
      List<String> lines = new ArrayList<>();
      model.summary(lines::add);
      String text = String.join("\n", lines);
      assertTrue(text.contains("Connected to"), text);
      assertTrue(text.contains("(InputLayer)"), text);
      assertEquals(8 * 30 + 30 + 30 * 30 + 30 + 38 + 1, model.countParams());
    }
  }

  @Test
  void sharedLayersShareWeights() {
    var a = Input.of(4);
    var b = Input.of(4);
    Dense shared = new Dense(3);
    var merged = Layers.add(shared.apply(a), shared.apply(b));
    try (var model = new Model(List.of(a, b), List.of(merged))) {
      assertEquals(4 * 3 + 3, model.countParams());
      assertEquals(2, model.weights().size());
      FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 4));
      x.setFloat(1f, 0, 0);
      FloatNdArray out = model.predict(List.of(x, x), p -> p.verbose(0)).get(0);
      FloatNdArray single = Model.class.cast(model).predict(List.of(x, NdArrays.ofFloats(Shape.of(2, 4))),
          p -> p.verbose(0)).get(0);
      assertEquals(2 * single.getFloat(0, 0) - single.getFloat(1, 0), out.getFloat(0, 0), 1e-5);
    }
  }

  @Test
  void lossesByOutputNameAndMetricsPerOutput() {
    Regression train = regression(300, 8);
    var input = Input.of(8);
    var hidden = new Dense(8, "relu").apply(input);
    var main = new Dense(1).name("price").apply(hidden);
    var aux = new Dense(1).name("helper").apply(hidden);
    try (var model = new Model(List.of(input), List.of(main, aux))) {
      model.compile(c -> c.optimizer("adam").lossByOutput(Map.of("price", "mse", "helper", "mae"))
          .lossWeights(Map.of("price", 1.0, "helper", 0.5)).metrics("mae"));
      var scores = model.evaluate(List.of(train.all()), List.of(train.y(), train.y()), e -> e.verbose(0));
      assertEquals(List.of("loss", "price_loss", "helper_loss", "price_mae", "helper_mae"), List.copyOf(scores.keySet()));
      assertEquals(scores.get("helper_mae"), scores.get("helper_loss"), 1e-5);
      assertEquals(scores.get("price_loss") + 0.5 * scores.get("helper_loss"), scores.get("loss"), 1e-4);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
        model.compile(c -> c.lossByOutput(Map.of("prize", "mse")));
        model.evaluate(List.of(train.all()), List.of(train.y(), train.y()), o -> o.verbose(0));
      });
      assertTrue(e.getMessage().contains("prize") && e.getMessage().contains("[price, helper]"), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void disconnectedInputIsNamed() {
    var used = Input.of(3).name("used");
    var unused = Input.of(3);
    var out = Layers.add(new Dense(2).apply(used), new Dense(2).apply(unused));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(List.of(used), List.of(out)));
    assertTrue(e.getMessage().contains("disconnected") && e.getMessage().contains("input_layer"), e.getMessage());
  }

  @Test
  void duplicateLayerNamesFail() {
    var input = Input.of(3);
    var out = new Dense(2).name("twin").apply(new Dense(2).name("twin").apply(input));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(input, out));
    assertTrue(e.getMessage().contains("twin"), e.getMessage());
  }

  @Test
  void incompatibleShapesNameTheLayerAndShapes() {
    var a = Input.of(3);
    var b = Input.of(4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers.add(a, b));
    assertTrue(e.getMessage().contains("(None, 3)") && e.getMessage().contains("(None, 4)")
        && e.getMessage().contains("Add"), e.getMessage());
    Dense dense = new Dense(2);
    dense.apply(Input.of(3));
    e = assertThrows(IllegalArgumentException.class, () -> dense.apply(Input.of(5)));
    assertTrue(e.getMessage().contains(dense.name()) && e.getMessage().contains("(None, 3)")
        && e.getMessage().contains("(None, 5)"), e.getMessage());
    Dense producer = new Dense(7).name("producer");
    Dense consumer = new Dense(2).name("consumer");
    consumer.apply(Input.of(4));
    e = assertThrows(IllegalArgumentException.class, () -> consumer.apply(producer.apply(Input.of(4))));
    assertTrue(e.getMessage().contains("\"consumer\"") && e.getMessage().contains("\"producer\"")
        && e.getMessage().contains("(None, 4)") && e.getMessage().contains("(None, 7)"), e.getMessage());
  }

  @Test
  void wrongNumberOfArraysOrUnknownNamesFail() {
    var a = Input.of(2).name("a");
    var b = Input.of(2).name("b");
    var out = new Dense(1).name("out").apply(Layers.concatenate(a, b));
    try (var model = new Model(List.of(a, b), List.of(out))) {
      model.compile(c -> c.loss("mse"));
      FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 2));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(List.of(x), List.of(y), f -> f.verbose(0)));
      assertTrue(e.getMessage().contains("2 input") && e.getMessage().contains("[a, b]"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(List.of(x, x), List.of(y, y), f -> f.verbose(0)));
      assertTrue(e.getMessage().contains("1 output"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(Map.of("a", x, "c", x), Map.of("out", y), f -> f.verbose(0)));
      assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("[a, b]"), e.getMessage());
    }
  }

  @Test
  void modelInputsMustComeFromInput() {
    var input = Input.of(3);
    KerasTensor hidden = new Dense(2).apply(input);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(hidden, hidden));
    assertTrue(e.getMessage().contains("Input.of"), e.getMessage());
  }

  @Test
  void theSameInputListedTwiceIsRefused() {
    // Keras 3.15.1 accepts Model([a, a], ...) and silently feeds the second array to a; jkeras refuses it.
    var a = Input.of(3).name("a");
    var out = new Dense(2).apply(a);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(List.of(a, a), List.of(out)));
    assertTrue(e.getMessage().contains("The input 'a' is listed 2 times") && e.getMessage().contains("List each Input once"),
        e.getMessage());
  }
}
