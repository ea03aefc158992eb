package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.losses.MeanAbsoluteError;
import dev.jkeras.metrics.RootMeanSquaredError;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.saving.Json;
import dev.jkeras.testing.KerasOracle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Keras's dict forms: dict inputs and outputs, losses and metrics by output, mixed metric lists. */
class DictFormsTest {
  /** {@code np.arange(rows * cols).reshape(rows, cols) * scale + shift}, as the oracle scripts make it. */
  static FloatNdArray arange(int rows, int cols, float scale, float shift) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(rows, cols));
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        x.setFloat((i * cols + j) * scale + shift, i, j);
      }
    }
    return x;
  }

  /** A wide & deep model with inputs {wide, deep} and outputs {main, aux}, its layers named. */
  static Model wideAndDeep() {
    KerasTensor wide = Input.of(3);
    KerasTensor deep = Input.of(2);
    KerasTensor hidden = new Dense(4, "relu").name("hidden").apply(deep);
    KerasTensor concat = new Concatenate().name("concat").apply(wide, hidden);
    KerasTensor main = new Dense(1).name("main_dense").apply(concat);
    KerasTensor aux = new Dense(1).name("aux_dense").apply(hidden);
    return new Model(Map.of("wide", wide, "deep", deep), Map.of("main", main, "aux", aux));
  }

  static Map<String, FloatNdArray> x() {
    return Map.of("wide", arange(4, 3, 0.1f, 0f), "deep", arange(4, 2, 1 / 7f, -0.3f));
  }

  static Map<String, FloatNdArray> y() {
    return Map.of("main", arange(4, 1, 0.5f, 0f), "aux", arange(4, 1, -0.25f, 1f));
  }

  @Test
  void dictOutputsAreNamedByTheirKeysInKerasSortedOrder() {
    try (Model model = wideAndDeep()) {
      assertEquals(List.of("aux", "main"), model.outputNames());
      assertEquals(List.of("deep", "wide"), model.inputNames());
      Map<String, FloatNdArray> predicted = model.predict(x(), p -> p.verbose(0));
      assertEquals(List.of("aux", "main"), List.copyOf(predicted.keySet()));
      FloatNdArray main = model.predict(List.of(x().get("deep"), x().get("wide")), p -> p.verbose(0)).get(1);
      assertEquals(main, predicted.get("main"));
      assertEquals(Shape.of(4, 1), predicted.get("aux").shape());
      Map<String, Object> config = model.getConfig();
      assertEquals(Map.of("main", List.of("main_dense", 0, 0), "aux", List.of("aux_dense", 0, 0)),
          config.get("output_layers"));
      assertEquals(Map.of("wide", List.of("wide", 0, 0), "deep", List.of("deep", 0, 0)), config.get("input_layers"));
    }
  }

  @Test
  void aMapOfInputsWhoseKeyIsNotTheInputsNameIsRefused() {
    KerasTensor a = Input.of(2).name("alpha");
    KerasTensor out = new Dense(1).apply(a);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Model(Map.of("beta", a), List.of(out)));
    assertTrue(e.getMessage().contains("'beta'") && e.getMessage().contains("'alpha'"), e.getMessage());
  }

  @Test
  void aSavedDictModelRebuildsWithItsKeys() {
    try (Model model = wideAndDeep();
        Model rebuilt = Model.fromConfig(new dev.jkeras.saving.Config("test", model.getConfig()))) {
      assertEquals(List.of("aux", "main"), rebuilt.outputNames());
      assertEquals(List.of("deep", "wide"), rebuilt.inputNames());
      assertEquals(model.getConfig().get("output_layers"), rebuilt.getConfig().get("output_layers"));
    }
  }

  @Test
  void aClonedDictModelKeepsItsKeysAndItsCompileByOutput() {
    try (Model model = wideAndDeep()) {
      compileByOutput(model);
      Set<String> names = model.evaluate(x(), y(), e -> e.verbose(0)).keySet();
      try (Model clone = Models.cloneModel(model)) {
        assertEquals(List.of("aux", "main"), clone.outputNames());
        assertEquals(names, clone.evaluate(x(), y(), e -> e.verbose(0)).keySet());
      }
    }
  }

  /** The compile of the two-output model as the oracle script below writes it in Keras. */
  static void compileByOutput(Model model) {
    model.compile(c -> c.optimizer(new SGD())
        .lossByOutput(Map.of("main", "mse", "aux", new MeanAbsoluteError()))
        .lossWeights(Map.of("main", 0.9, "aux", 0.1))
        .metricsByOutput(Map.of("main", List.of("mae", new RootMeanSquaredError()),
            "aux", List.of(new RootMeanSquaredError("rmse_aux")))));
  }

  private static final String KERAS_WIDE_AND_DEEP = String.join("\n",
      "import keras, numpy as np, json",
      "wide = keras.Input((3,), name='wide'); deep = keras.Input((2,), name='deep')",
      "hidden = keras.layers.Dense(4, activation='relu', name='hidden')(deep)",
      "concat = keras.layers.Concatenate(name='concat')([wide, hidden])",
      "main = keras.layers.Dense(1, name='main_dense')(concat)",
      "aux = keras.layers.Dense(1, name='aux_dense')(hidden)",
      "model = keras.Model({'wide': wide, 'deep': deep}, {'main': main, 'aux': aux})",
      "model.compile(optimizer='sgd', loss={'main': 'mse', 'aux': keras.losses.MeanAbsoluteError()},",
      "    loss_weights={'main': 0.9, 'aux': 0.1},",
      "    metrics={'main': ['mae', keras.metrics.RootMeanSquaredError()],",
      "             'aux': [keras.metrics.RootMeanSquaredError(name='rmse_aux')]})",
      "x = {'wide': np.arange(12, dtype='float32').reshape(4, 3) * 0.1,",
      "     'deep': np.arange(8, dtype='float32').reshape(4, 2) / 7 - 0.3}",
      "y = {'main': np.arange(4, dtype='float32').reshape(4, 1) * 0.5,",
      "     'aux': np.arange(4, dtype='float32').reshape(4, 1) * -0.25 + 1}");

  @Test
  void logNamesByOutputAreKerass() {
    Map<String, String> keras = KerasOracle.printedValues(KERAS_WIDE_AND_DEEP + "\n"
        + "print('@@names=' + json.dumps(sorted(model.evaluate(x, y, return_dict=True, verbose=0).keys())))");
    try (Model model = wideAndDeep()) {
      compileByOutput(model);
      Map<String, Double> scores = model.evaluate(x(), y(), e -> e.verbose(0));
      assertEquals(parsed(keras.get("names")), List.copyOf(new TreeSet<>(scores.keySet())));
      assertEquals(0.9 * scores.get("main_loss") + 0.1 * scores.get("aux_loss"), scores.get("loss"), 1e-5);
      assertEquals(Math.sqrt(scores.get("main_loss")), scores.get("main_root_mean_squared_error"), 1e-5);
    }
  }

  @Test
  void aDictModelCompiledByOutputRoundTripsWithKeras(@TempDir Path dir) {
    KerasOracle.assumeAvailable();
    Path ours = dir.resolve("ours.keras");
    Path theirs = dir.resolve("theirs.keras");
    Map<String, FloatNdArray> predicted;
    try (Model model = wideAndDeep()) {
      compileByOutput(model);
      predicted = model.predict(x(), p -> p.verbose(0));
      model.save(ours);
    }
    Map<String, String> keras = KerasOracle.printedValues(KERAS_WIDE_AND_DEEP + "\n" + String.join("\n",
        "theirs = keras.models.load_model('" + ours + "')",
        "p = theirs.predict(x, verbose=0)",
        "print('@@keys=' + json.dumps(list(p.keys())))",
        "print('@@main=' + json.dumps(p['main'].ravel().tolist()))",
        "print('@@output_layers=' + json.dumps(theirs.get_config()['output_layers'], sort_keys=True))",
        "cc = theirs.get_compile_config()",
        "print('@@metrics=' + json.dumps(sorted(cc['metrics'].keys())))",
        "print('@@losses=' + keras.losses.get(cc['loss']['aux']).__name__ + ' ' + keras.losses.get(cc['loss']['main']).__name__)",
        "print('@@names=' + json.dumps(sorted(theirs.evaluate(x, y, return_dict=True, verbose=0).keys())))",
        "model.save('" + theirs + "')",
        "print('@@their_main=' + json.dumps(model.predict(x, verbose=0)['main'].ravel().tolist()))"));
    assertEquals(List.of("aux", "main"), new TreeSet<>((List<?>) parsed(keras.get("keys"))).stream().toList());
    assertClose((List<?>) parsed(keras.get("main")), predicted.get("main"));
    assertEquals("{\"aux\": [\"aux_dense\", 0, 0], \"main\": [\"main_dense\", 0, 0]}", keras.get("output_layers"));
    assertEquals("[\"aux\", \"main\"]", keras.get("metrics"));
    assertEquals("mean_absolute_error mean_squared_error", keras.get("losses"));

    try (Model loaded = Models.loadModel(theirs)) {
      assertEquals(List.of("aux", "main"), loaded.outputNames());
      assertClose((List<?>) parsed(keras.get("their_main")), loaded.predict(x(), p -> p.verbose(0)).get("main"));
      Map<String, Double> scores = loaded.evaluate(x(), y(), e -> e.verbose(0));
      assertEquals(parsed(keras.get("names")), List.copyOf(new TreeSet<>(scores.keySet())));
    }
  }

  /** A JSON value the oracle printed. */
  static Object parsed(String json) {
    return Json.parse("{\"v\": " + json + "}", "the oracle").get("v");
  }

  private static void assertClose(List<?> expected, FloatNdArray actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(((Number) expected.get(i)).floatValue(), actual.getFloat(i, 0), 1e-5, "row " + i);
    }
  }

  @Test
  void metricsMixNamesAndObjects() {
    try (Model model = wideAndDeep()) {
      model.compile(new SGD(), new MeanAbsoluteError(), "mae", new RootMeanSquaredError("rmse"));
      IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
          () -> model.evaluate(x(), y(), e -> e.verbose(0)));
      assertTrue(shared.getMessage().contains("metricsByOutput"), shared.getMessage());
    }
    KerasTensor in = Input.of(2);
    try (Model single = new Model(in, new Dense(1).apply(in))) {
      single.compile(new SGD(), new MeanAbsoluteError(), "mae", new RootMeanSquaredError("rmse"));
      Map<String, Double> scores = single.evaluate(arange(4, 2, 0.1f, 0f), arange(4, 1, 0.3f, 0f), e -> e.verbose(0));
      assertEquals(Set.of("loss", "mae", "rmse"), scores.keySet());
      assertEquals(scores.get("loss"), scores.get("mae"), 1e-6);
    }
  }

  @Test
  void badDictFormsSayWhatIsWrong() {
    IllegalArgumentException notAMetric = assertThrows(IllegalArgumentException.class,
        () -> CompileOptions.defaults().metrics("mae", 3));
    assertTrue(notAMetric.getMessage().contains("metric names or Metric objects"), notAMetric.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> CompileOptions.defaults().metrics("mae").metricsByOutput(Map.of("main", List.of("mae"))));
    assertTrue(both.getMessage().contains("either for all outputs or by output"), both.getMessage());
    IllegalArgumentException notALoss = assertThrows(IllegalArgumentException.class,
        () -> CompileOptions.defaults().lossByOutput(Map.of("main", 1)));
    assertTrue(notALoss.getMessage().contains("'main'"), notALoss.getMessage());
    try (Model model = wideAndDeep()) {
      model.compile(c -> c.loss("mse").metricsByOutput(Map.of("mian", List.of("mae"))));
      IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
          () -> model.evaluate(x(), y(), e -> e.verbose(0)));
      assertTrue(typo.getMessage().contains("'mian'") && typo.getMessage().contains("[aux, main]"), typo.getMessage());
    }
  }

  /**
   * Keras's {@code weighted_metrics={"main": ["mae"], "aux": ["mse"]}}: log names as Keras gives them
   * (beside an unweighted {@code main_mae}: {@code main_weighted_mae}), values weighted by the sample
   * weights, a saved compile config that restores them, and misuse refused.
   */
  @Test
  void weightedMetricsByOutput(@TempDir Path dir) {
    Map<String, String> keras = KerasOracle.printedValues(KERAS_WIDE_AND_DEEP.replace(
        "             'aux': [keras.metrics.RootMeanSquaredError(name='rmse_aux')]})",
        "             'aux': [keras.metrics.RootMeanSquaredError(name='rmse_aux')]},\n"
            + "    weighted_metrics={'main': ['mae'], 'aux': ['mse']})") + "\n"
        + "w = np.array([1, 0, 2, 1], dtype='float32')\n"
        + "print('@@names=' + json.dumps(sorted(model.evaluate(x, y, sample_weight=w, return_dict=True, "
        + "verbose=0).keys())))");
    FloatNdArray weights = NdArrays.vectorOf(1f, 0f, 2f, 1f);
    try (Model model = wideAndDeep()) {
      model.compile(c -> c.optimizer(new SGD())
          .lossByOutput(Map.of("main", "mse", "aux", new MeanAbsoluteError()))
          .lossWeights(Map.of("main", 0.9, "aux", 0.1))
          .metricsByOutput(Map.of("main", List.of("mae", new RootMeanSquaredError()),
              "aux", List.of(new RootMeanSquaredError("rmse_aux"))))
          .weightedMetricsByOutput(Map.of("main", List.of("mae"), "aux", List.of("mse"))));
      Map<String, Double> scores = model.evaluate(x(), y(), e -> e.verbose(0).sampleWeight(weights));
      assertEquals(parsed(keras.get("names")), List.copyOf(new TreeSet<>(scores.keySet())));
      Map<String, FloatNdArray> predicted = model.predict(x(), p -> p.verbose(0));
      double weightedAbs = 0;
      double weightedSquares = 0;
      double total = 0;
      for (int i = 0; i < 4; i++) {
        double w = weights.getFloat(i);
        weightedAbs += w * Math.abs(predicted.get("main").getFloat(i, 0) - y().get("main").getFloat(i, 0));
        double aux = predicted.get("aux").getFloat(i, 0) - y().get("aux").getFloat(i, 0);
        weightedSquares += w * aux * aux;
        total += w;
      }
      assertEquals(weightedAbs / total, scores.get("main_weighted_mae"), 1e-5);
      assertEquals(weightedSquares / total, scores.get("aux_mse"), 1e-5);
      Path file = dir.resolve("weighted.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertEquals(scores, loaded.evaluate(x(), y(), e -> e.verbose(0).sampleWeight(weights)));
      }
    }
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> CompileOptions.defaults().weightedMetrics("mae").weightedMetricsByOutput(Map.of("main", List.of("mae"))));
    assertTrue(both.getMessage().contains("either for all outputs or by output"), both.getMessage());
    try (Model model = wideAndDeep()) {
      model.compile(c -> c.loss("mse").weightedMetricsByOutput(Map.of("mian", List.of("mae"))));
      IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
          () -> model.evaluate(x(), y(), e -> e.verbose(0)));
      assertTrue(typo.getMessage().contains("'mian'") && typo.getMessage().contains("weightedMetricsByOutput"),
          typo.getMessage());
    }
  }
}
