package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.TFSMLayer;
import dev.jkeras.losses.MeanSquaredError;
import dev.jkeras.metrics.RootMeanSquaredError;
import dev.jkeras.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Two of issue 14's ported programs with Keras's dict forms: a two-in/two-out wide & deep model
 * whose layers are reused, frozen, under a new head and then fine-tuned (Hands-On ML ch. 10/11);
 * a SavedModel made in Python under a trained Dense head, saved and reloaded.
 */
class DictProgramsTest {
  private static final Path SAVED_MODELS = Path.of("../../shared/fixtures/savedmodels");

  private static float[] values(NdArray<?> array) {
    float[] copy = new float[(int) array.size()];
    ((FloatNdArray) array).copyTo(DataBuffers.of(copy, false, false));
    return copy;
  }

  private static List<float[]> snapshot(Layer layer) {
    List<float[]> weights = new ArrayList<>();
    layer.getWeights().forEach(w -> weights.add(values(w)));
    return weights;
  }

  private static boolean same(List<float[]> a, List<float[]> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static double last(History history, String key) {
    List<Double> values = history.history().get(key);
    assertTrue(values != null, "no '" + key + "' in " + history.history().keySet());
    return values.get(values.size() - 1);
  }

  @Test
  void twoInTwoOutWideAndDeepThenTransferLearning() {
    FunctionalTest.Regression train = FunctionalTest.regression(512, 3);
    Map<String, FloatNdArray> x = Map.of("wide", train.wide(), "deep", train.deep());
    Map<String, FloatNdArray> y = Map.of("main", train.y(), "aux", train.y());

    KerasTensor wide = Input.of(5);
    KerasTensor deep = Input.of(6);
    Dense hidden1 = new Dense(30, "relu").name("hidden1");
    Dense hidden2 = new Dense(30, "relu").name("hidden2");
    KerasTensor h = hidden2.apply(hidden1.apply(deep));
    KerasTensor main = new Dense(1).name("main_output").apply(new Concatenate().apply(wide, h));
    KerasTensor aux = new Dense(1).name("aux_output").apply(h);
    try (Model model = new Model(Map.of("wide", wide, "deep", deep), Map.of("main", main, "aux", aux))) {
      model.compile(c -> c.optimizer(new Adam(0.01))
          .lossByOutput(Map.of("main", new MeanSquaredError(), "aux", "mse"))
          .lossWeights(Map.of("main", 0.9, "aux", 0.1))
          .metricsByOutput(Map.of("main", List.of(new RootMeanSquaredError()), "aux", List.of("mae"))));
      History history = model.fit(x, y, f -> f.epochs(15).batchSize(32).verbose(0));
      assertTrue(history.history().keySet().containsAll(
          List.of("loss", "main_loss", "aux_loss", "main_root_mean_squared_error", "aux_mae")),
          history.history().keySet().toString());
      double firstLoss = history.history().get("loss").get(0);
      assertTrue(last(history, "loss") < 0.5 * firstLoss, history.history().get("loss").toString());
      assertEquals(Math.sqrt(last(history, "main_loss")), last(history, "main_root_mean_squared_error"), 0.05);
      Map<String, FloatNdArray> predicted = model.predict(x, p -> p.verbose(0));
      assertEquals(List.of("aux", "main"), List.copyOf(predicted.keySet()));

      // Transfer: the trained hidden layers, frozen, under a new head on new inputs.
      KerasTensor wideB = Input.of(5);
      KerasTensor deepB = Input.of(6);
      KerasTensor hB = hidden2.apply(hidden1.apply(deepB));
      Dense price = new Dense(1).name("price");
      KerasTensor out = price.apply(new Concatenate().apply(wideB, hB));
      try (Model modelB = new Model(Map.of("wide", wideB, "deep", deepB), Map.of("price", out))) {
        hidden1.trainable(false);
        hidden2.trainable(false);
        modelB.compile(c -> c.optimizer(new Adam(0.01)).lossByOutput(Map.of("price", new MeanSquaredError()))
            .metricsByOutput(Map.of("price", List.of("mae", new RootMeanSquaredError("rmse")))));
        assertEquals(5 + 30 + 1, modelB.trainableWeights().stream().mapToLong(v -> v.shape().size()).sum());
        List<float[]> frozen1 = snapshot(hidden1);
        List<float[]> frozen2 = snapshot(hidden2);
        Map<String, FloatNdArray> yB = Map.of("price", train.y());
        History frozenFit = modelB.fit(x, yB, f -> f.epochs(5).batchSize(32).verbose(0));
        // One output: its metrics are logged without the output's name, as Keras does.
        assertTrue(frozenFit.history().keySet().containsAll(List.of("loss", "mae", "rmse")),
            frozenFit.history().keySet().toString());
        assertTrue(same(frozen1, snapshot(hidden1)) && same(frozen2, snapshot(hidden2)), "a frozen layer changed");

        hidden1.trainable(true);
        hidden2.trainable(true);
        modelB.compile(c -> c.optimizer(new Adam(1e-3)).lossByOutput(Map.of("price", "mse")));
        History fineTuned = modelB.fit(x, yB, f -> f.epochs(3).batchSize(32).verbose(0));
        assertFalse(same(frozen1, snapshot(hidden1)), "fine-tuning did not train hidden1");
        assertTrue(last(fineTuned, "loss") < frozenFit.history().get("loss").get(0),
            fineTuned.history() + " vs " + frozenFit.history());
        assertEquals(List.of("price"), List.copyOf(modelB.predict(x, p -> p.verbose(0)).keySet()));
      }
    }
  }

  private static FloatNdArray rows(float[][] values) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(values.length, values[0].length));
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < values[i].length; j++) {
        x.setFloat(values[i][j], i, j);
      }
    }
    return x;
  }

  @Test
  void aPythonSavedModelUnderATrainedHeadSavedAndReloaded(@TempDir Path dir) {
    // Keras 2.12 in Python learned a op b from (a, b, op); its serving signature: dense_input -> dense_3.
    Path arithmetic = SAVED_MODELS.resolve("keras_dense_arith");
    assumeTrue(Files.isDirectory(arithmetic), "fixture missing: " + arithmetic.toAbsolutePath());
    float[][] samples = new float[32][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = new float[] {i % 7 + 1, i % 5 + 2, 0};
    }
    FloatNdArray x = rows(samples);

    KerasTensor input = Input.of(3).name("operands");
    TFSMLayer python = new TFSMLayer(arithmetic);
    Map<String, KerasTensor> features = python.applyByKey(input);
    assertEquals(List.of("dense_3"), List.copyOf(features.keySet()));
    FloatNdArray sums;
    try (Model extractor = new Model(input, features.get("dense_3"))) {
      sums = extractor.predict(x, p -> p.verbose(0));
    }
    // The head learns y = 0.5 * f + 1 on the SavedModel's own outputs f.
    FloatNdArray targets = NdArrays.ofFloats(Shape.of(samples.length, 1));
    for (int i = 0; i < samples.length; i++) {
      targets.setFloat(0.5f * sums.getFloat(i, 0) + 1f, i, 0);
    }
    KerasTensor input2 = Input.of(3).name("operands");
    Dense head = new Dense(1).kernelInitializer("zeros").name("head");
    KerasTensor scaled = head.apply(new TFSMLayer(arithmetic).applyByKey(input2).get("dense_3"));
    Path file = dir.resolve("head.keras");
    FloatNdArray predicted;
    try (Model model = new Model(List.of(input2), Map.of("scaled", scaled))) {
      assertEquals(2, model.trainableWeights().size());
      model.compile(c -> c.optimizer(new Adam(0.05)).lossByOutput(Map.of("scaled", "mse"))
          .metricsByOutput(Map.of("scaled", List.of("mae"))));
      History history = model.fit(x, targets, f -> f.epochs(500).batchSize(32).verbose(0));
      assertTrue(last(history, "loss") < 0.05, history.history().get("loss").toString());
      float[] kernel = values(head.getWeights().get(0));
      assertEquals(0.5, kernel[0], 0.1);
      predicted = model.predict(x, p -> p.verbose(0));
      model.save(file);
    }
    try (Model loaded = Models.loadModel(file)) {
      assertEquals(List.of("scaled"), loaded.outputNames());
      assertEquals(predicted, loaded.predict(Map.of("operands", x), p -> p.verbose(0)).get("scaled"));
      Map<String, Double> scores = loaded.evaluate(x, targets, e -> e.verbose(0));
      assertEquals(List.of("loss", "mae"), List.copyOf(scores.keySet()));
      assertTrue(scores.get("loss") < 0.05, scores.toString());
    }
  }

  @Test
  void aMultiOutputSavedModelByOutputKeyInAFunctionalModel(@TempDir Path dir) {
    KerasTensor in = Input.of(2).name("x");
    KerasTensor sum = new Dense(1).kernelInitializer("ones").name("sum_dense").apply(in);
    KerasTensor doubled = new Dense(2).kernelInitializer("ones").name("doubled_dense").apply(in);
    Path exported = dir.resolve("two_outputs");
    try (Model source = new Model(in, Map.of("sum", sum, "pair", doubled))) {
      source.export(exported);
    }
    TFSMLayer layer = new TFSMLayer(exported);
    assertEquals(List.of("pair", "sum"), layer.outputKeys());
    KerasTensor x = Input.of(2).name("x");
    Map<String, KerasTensor> byKey = layer.applyByKey(x);
    assertEquals(List.of("pair", "sum"), List.copyOf(byKey.keySet()));
    assertEquals(Shape.of(-1, 2).toString(), org.tensorflow.ndarray.Shape.of(byKey.get("pair").shape().asArray())
        .toString());
    Dense head = new Dense(1).kernelInitializer("ones").name("head");
    try (Model model = new Model(List.of(x), Map.of("total", head.apply(byKey.get("pair")), "sum", byKey.get("sum")))) {
      Map<String, FloatNdArray> out = model.predict(Map.of("x", rows(new float[][] {{1, 2}, {3, -1}})),
          p -> p.verbose(0));
      assertEquals(3f, out.get("sum").getFloat(0, 0), 1e-6);
      assertEquals(2f, out.get("sum").getFloat(1, 0), 1e-6);
      assertEquals(6f, out.get("total").getFloat(0, 0), 1e-6);
      assertEquals(4f, out.get("total").getFloat(1, 0), 1e-6);
    }
    TFSMLayer onlySum = new TFSMLayer(exported).outputKey("sum");
    KerasTensor x2 = Input.of(2);
    assertEquals(List.of("sum"), List.copyOf(onlySum.applyByKey(x2).keySet()));
  }
}
