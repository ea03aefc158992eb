package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** SavedModels made in Python as frozen layers of jkeras models (fixtures in ../../shared/fixtures/savedmodels). */
class TFSMLayerTest {
  private static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels");
  private static final Path HALF_PLUS_TWO = FIXTURES.resolve("half_plus_two_tf1");
  private static final Path TF2 = FIXTURES.resolve("python_tf2_multi_signature");

  @BeforeAll
  static void fixturesPresent() {
    assumeTrue(java.nio.file.Files.isDirectory(HALF_PLUS_TWO), "fixtures missing: " + FIXTURES.toAbsolutePath());
  }

  private static FloatNdArray column(float... values) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(values.length, 1));
    for (int i = 0; i < values.length; i++) {
      x.setFloat(values[i], i, 0);
    }
    return x;
  }

  private static float kernel(Dense dense) {
    return ((FloatNdArray) dense.getWeights().get(0)).getFloat(0, 0);
  }

  private static float bias(Dense dense) {
    return ((FloatNdArray) dense.getWeights().get(1)).getFloat(0);
  }

  /** The model's predictions are the head applied to 0.5x + 2, whatever the head's weights are now. */
  private static void assertHeadOfHalfPlusTwo(Model model, Dense head, FloatNdArray x) {
    FloatNdArray y = model.predict(x, p -> p.verbose(0));
    for (long i = 0; i < x.shape().get(0); i++) {
      float expected = kernel(head) * (0.5f * x.getFloat(i, 0) + 2f) + bias(head);
      assertEquals(expected, y.getFloat(i, 0), 1e-4, "sample " + i);
    }
  }

  @Test
  void functionalModelAppliesTheHeadToTheSavedModelsOutput() {
    var input = Input.of(1);
    var features = new TFSMLayer(HALF_PLUS_TWO).apply(input);
    assertEquals("(None, 1)", features.shape().toString());
    Dense head = new Dense(1).kernelInitializer("ones");
    try (var model = new Model(input, head.apply(features))) {
      FloatNdArray y = model.predict(column(1, 2, 3), p -> p.verbose(0));
      assertEquals(2.5f, y.getFloat(0, 0), 1e-6);
      assertEquals(3.0f, y.getFloat(1, 0), 1e-6);
      assertEquals(3.5f, y.getFloat(2, 0), 1e-6);
      // The head's kernel and bias, and the SavedModel's a and b (serving_default reads a * x + b), as Keras counts.
      assertEquals(4, model.countParams());
      assertEquals(2, model.trainableWeights().size());
      StringBuilder summary = new StringBuilder();
      model.summary(line -> summary.append(line).append('\n'));
      assertTrue(summary.toString().contains("Total params: 4 ")
          && summary.toString().contains("Trainable params: 2 ")
          && summary.toString().contains("Non-trainable params: 2 "), summary.toString());
    }
  }

  @Test
  void aTFSMLayerOverADatasetFromGraphReadingAFileIsRefusedAndTheSecretNeverComesOut(@TempDir Path tmp)
      throws java.io.IOException {
    Path secret = java.nio.file.Files.writeString(tmp.resolve("secret.txt"), "4242\n");
    Path dir = dev.jkeras.saving.HostileSavedModels.readingAFile(tmp.resolve("model"), secret);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      var input = Input.of(1);
      try (var model = new Model(input, new TFSMLayer(dir).apply(input))) {
        model.predict(column(1), p -> p.verbose(0));
      }
    });
    assertTrue(e.getMessage().contains("DatasetFromGraph") && e.getMessage().contains("graph node 'leak/dataset'"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("4242"), e.getMessage());
  }

  @Test
  void importedVariablesCountAsNonTrainableParamsOfTheSignatureThatReadsThem() {
    TFSMLayer halfPlusTwo = new TFSMLayer(HALF_PLUS_TWO);
    assertEquals(2, halfPlusTwo.importedParams());
    assertTrue(halfPlusTwo.weights().isEmpty(), "never written or saved through weights");
    assertEquals(2, new TFSMLayer(HALF_PLUS_TWO, "regress_x2_to_y3").importedParams());
    assertEquals(1, new TFSMLayer(TF2, "get_variable").importedParams());
    assertEquals(0, new TFSMLayer(TF2, "add").importedParams());
  }

  @Test
  void headTrainsWhileTheSavedModelStaysFrozen() {
    // y = 3 * (0.5x + 2) - 1: the head can fit it exactly on top of the frozen SavedModel.
    float[] xs = new float[64];
    FloatNdArray y = NdArrays.ofFloats(Shape.of(64, 1));
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i / 16f - 2f;
      y.setFloat(3f * (0.5f * xs[i] + 2f) - 1f, i, 0);
    }
    FloatNdArray x = column(xs);
    var input = Input.of(1);
    TFSMLayer tfsm = new TFSMLayer(HALF_PLUS_TWO, "serving_default");
    Dense head = new Dense(1);
    try (var model = new Model(input, head.apply(tfsm.apply(input)))) {
      model.compile(c -> c.optimizer("sgd").loss("mse"));
      assertTrue(model.trainableWeights().size() == 2 && tfsm.weights().isEmpty());
      var history = model.fit(x, y, f -> f.epochs(30).batchSize(16).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.1 * loss.get(0), "loss " + loss);
      // Prediction, evaluation and training were separate traces sharing the restored a=0.5, b=2.
      double evaluated = model.evaluate(x, y, e -> e.verbose(0)).get("loss");
      assertTrue(evaluated < 0.1 * loss.get(0), "evaluate " + evaluated);
      assertHeadOfHalfPlusTwo(model, head, column(-3, 0, 1, 7.5f));
    }
  }

  @Test
  void gradientsFlowThroughTheImportedOpsToLayersBeforeIt() {
    // y = 0.5 * (w x) + 2 with w trained toward 4: the imported Mul and Add pass gradients on.
    Dense before = new Dense(1).useBias(false).kernelInitializer("ones");
    try (var model = new Sequential(new InputLayer(1), before, new TFSMLayer(HALF_PLUS_TWO))) {
      model.compile(new dev.jkeras.optimizers.SGD(0.1), "mse");
      FloatNdArray x = column(1, -1, 2, 0.5f);
      FloatNdArray y = column(4, 0, 6, 3);
      model.fit(x, y, f -> f.epochs(100).verbose(0));
      assertEquals(4f, kernel(before), 0.05f);
    }
  }

  @Test
  void sequentialModelWithInputLayer() {
    Dense head = new Dense(1).kernelInitializer("ones");
    try (var model = new Sequential(new InputLayer(1), new TFSMLayer(HALF_PLUS_TWO), head)) {
      assertHeadOfHalfPlusTwo(model, head, column(1, 2, 3));
      model.compile("adam", "mse");
      model.fit(column(1, 2, 3), column(1, 1, 1), f -> f.epochs(2).verbose(0));
      assertHeadOfHalfPlusTwo(model, head, column(1, 2, 3));
    }
  }

  @Test
  void aSavedModelPinnedToAGpuRunsOnTheCpu() {
    Path pinned = FIXTURES.resolve("half_plus_two_gpu_tf1");
    assumeTrue(java.nio.file.Files.isDirectory(pinned), "fixture missing: " + pinned);
    Dense head = new Dense(1).kernelInitializer("ones");
    try (var model = new Sequential(new InputLayer(1), new TFSMLayer(pinned), head)) {
      assertHeadOfHalfPlusTwo(model, head, column(1, 2, 3));
    }
  }

  @Test
  void otherSignatureOfTheSameSavedModel() {
    var input = Input.of(1);
    var output = new TFSMLayer(HALF_PLUS_TWO, "regress_x2_to_y3").apply(input);
    try (var model = new Model(input, output)) {
      FloatNdArray y = model.predict(column(1, 2, 3), p -> p.verbose(0));
      assertEquals(3.5f, y.getFloat(0, 0), 1e-6);
      assertEquals(4.5f, y.getFloat(2, 0), 1e-6);
    }
  }

  @Test
  void twoLayersOfOneSavedModelInOneModel() {
    var input = Input.of(1);
    var once = new TFSMLayer(HALF_PLUS_TWO).apply(input);
    var twice = new TFSMLayer(HALF_PLUS_TWO).apply(once);
    try (var model = new Model(input, twice)) {
      FloatNdArray y = model.predict(column(2), p -> p.verbose(0));
      assertEquals(0.5f * 3f + 2f, y.getFloat(0, 0), 1e-6);
    }
  }

  @Test
  void tf2FunctionsWithTwoInputsAndWithAVariable() {
    // The signatures declare no shapes; TensorFlow infers them through the functions.
    var a = Input.of(1);
    var b = Input.of(1);
    TFSMLayer add = new TFSMLayer(TF2, "add");
    var sum = add.apply(List.of(a, b));
    TFSMLayer variable = new TFSMLayer(TF2, "get_variable");
    var two = variable.apply(a);
    assertEquals(Shape.scalar(), two.shape().toNdArrayShape());
    Layer plus = new Layer() {
      @Override
      protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
        return List.of(Ops.add(inputs.get(0), inputs.get(1)));
      }
    };
    var sumPlusVariable = plus.apply(List.of(sum, two));
    try (var model = new Model(List.of(a, b), List.of(sum, sumPlusVariable))) {
      assertEquals("(None, 1)", sum.shape().toString());
      var outputs = model.predict(List.of(column(1, 5), column(1, -2)), p -> p.verbose(0).batchSize(2));
      FloatNdArray sums = outputs.get(0);
      assertEquals(2f, sums.getFloat(0, 0), 1e-6);
      assertEquals(3f, sums.getFloat(1, 0), 1e-6);
      FloatNdArray withVariable = outputs.get(1);
      assertEquals(4f, withVariable.getFloat(0, 0), 1e-6);
      assertEquals(5f, withVariable.getFloat(1, 0), 1e-6);
    }
  }

  @Test
  void errorsSayWhatIsWrong() {
    var missing = assertThrows(IllegalArgumentException.class, () -> new TFSMLayer(FIXTURES.resolve("nope")));
    assertTrue(missing.getMessage().contains("No SavedModel at") && missing.getMessage().contains("nope"),
        missing.getMessage());

    var unknown = assertThrows(IllegalArgumentException.class, () -> new TFSMLayer(HALF_PLUS_TWO, "predict"));
    assertTrue(unknown.getMessage().contains("no signature 'predict'")
        && unknown.getMessage().contains("[classify_x_to_y, regress_x2_to_y3, regress_x_to_y, regress_x_to_y2, "
            + "serving_default]"), unknown.getMessage());

    var wrongShape = assertThrows(IllegalArgumentException.class,
        () -> new TFSMLayer(HALF_PLUS_TWO).name("extractor").apply(Input.of(3)));
    assertTrue(wrongShape.getMessage().contains("\"extractor\"")
        && wrongShape.getMessage().contains("expected dtype=float32, shape=(None, 1)")
        && wrongShape.getMessage().contains("shape=(None, 3)"), wrongShape.getMessage());

    var wrongCount = assertThrows(IllegalArgumentException.class,
        () -> new TFSMLayer(TF2, "add").apply(Input.of(1)));
    assertTrue(wrongCount.getMessage().contains("takes 2 input(s)"), wrongCount.getMessage());

    var contradiction = assertThrows(IllegalArgumentException.class,
        () -> new TFSMLayer(TF2, "add").outputShape("output_0", 2).apply(List.of(Input.of(1), Input.of(1))));
    assertTrue(contradiction.getMessage().contains("outputShape (None, 2) of output 'output_0' contradicts its shape "
        + "(None, 1)"), contradiction.getMessage());

    var frozen = assertThrows(UnsupportedOperationException.class, () -> new TFSMLayer(HALF_PLUS_TWO).trainable(true));
    assertTrue(frozen.getMessage().contains("frozen"), frozen.getMessage());
  }

  @Test
  void exportedModelWithATFSMLayerServesWhatPredictGives(@TempDir Path dir) {
    // TF1 reference variables (VariableV2 a, b, c and the asset's file name): saved and restored with the head's.
    FloatNdArray x = column(-3, 0, 1, 2.5f, 7);
    var input = Input.of(1);
    Dense head = new Dense(1);
    try (var model = new Model(input, head.apply(new TFSMLayer(HALF_PLUS_TWO).apply(input)))) {
      model.compile("sgd", "mse");
      model.fit(x, column(1, 2, 3, 4, 5), f -> f.epochs(3).verbose(0));
      Path exported = dir.resolve("exported/1");
      model.export(exported);
      FloatNdArray expected = model.predict(x, p -> p.verbose(0));
      try (var served = dev.jkeras.saving.SavedModels.load(exported)) {
        var outputs = served.call("serving_default", java.util.Map.of(model.inputNames().get(0), x));
        assertEquals(expected, outputs.get(model.outputNames().get(0)));
      }
      // Exported again after more training: the new head and the same imported values.
      model.fit(x, column(1, 2, 3, 4, 5), f -> f.epochs(3).verbose(0));
      model.export(exported);
      FloatNdArray retrained = model.predict(x, p -> p.verbose(0));
      try (var served = dev.jkeras.saving.SavedModels.load(exported)) {
        var outputs = served.call("serving_default", java.util.Map.of(model.inputNames().get(0), x));
        assertEquals(retrained, outputs.get(model.outputNames().get(0)));
      }
    }
  }

  @Test
  void exportedModelWithTf2ResourceVariableServesWhatPredictGives(@TempDir Path dir) {
    // A TF2 SavedModel's resource variable (2.0) read by its get_variable function.
    var a = Input.of(1);
    var b = Input.of(1);
    var sum = new TFSMLayer(TF2, "add").apply(List.of(a, b));
    var two = new TFSMLayer(TF2, "get_variable").apply(a);
    Layer plus = new Layer() {
      @Override
      protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
        return List.of(Ops.add(inputs.get(0), inputs.get(1)));
      }
    };
    try (var model = new Model(List.of(a, b), List.of(plus.apply(List.of(sum, two))))) {
      FloatNdArray x1 = column(1, 5, -1);
      FloatNdArray x2 = column(1, -2, 0.5f);
      FloatNdArray expected = model.predict(List.of(x1, x2), p -> p.verbose(0)).get(0);
      assertEquals(4f, expected.getFloat(0, 0), 1e-6);
      Path exported = dir.resolve("tf2");
      model.export(exported);
      try (var served = dev.jkeras.saving.SavedModels.load(exported)) {
        var names = model.inputNames();
        var outputs = served.call("serving_default", java.util.Map.of(names.get(0), x1, names.get(1), x2));
        assertEquals(expected, outputs.get(model.outputNames().get(0)));
      }
    }
  }

  @Test
  void aModelWithATFSMLayerSavesAndLoadsAsKerasFile(@TempDir Path dir) {
    var input = Input.of(1);
    Dense head = new Dense(1);
    try (var model = new Model(input, head.apply(new TFSMLayer(HALF_PLUS_TWO).apply(input)))) {
      model.compile("sgd", "mse");
      model.fit(column(1, 2, 3), column(3, 5, 7), f -> f.epochs(2).verbose(0));
      Path file = dir.resolve("transfer.keras");
      model.save(file);
      try (Model loaded = dev.jkeras.models.Models.loadModel(file)) {
        assertTrue(loaded.layers().get(1) instanceof TFSMLayer);
        assertEquals(model.predict(column(1, 2, 3)), loaded.predict(column(1, 2, 3)));
      }
    }
  }
}
