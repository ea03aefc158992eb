package dev.jkeras.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.EinsumDense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.Input;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.SavedModels;
import dev.jkeras.saving.WeightsFile;
import dev.jkeras.utils.Np;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/** {@code model.quantize("int8")}'s errors (as Keras's), its exports, and hostile quantized files. */
class QuantizeTest {
  @TempDir
  Path dir;

  private static Model mlp() {
    return new Sequential(Input.of(3, 4), new Flatten(), new Dense(8, "relu").name("hidden"),
        new Dense(3, "softmax").name("out"));
  }

  private static FloatNdArray x() {
    return Np.array(new float[][][] {{{1, 2, 3, 4}, {0, -1, 2, 0.5f}, {3, 3, -2, 1}},
        {{-1, 0, 0, 1}, {2, 2, 2, 2}, {0.1f, 0.2f, 0.3f, 0.4f}}});
  }

  @Test
  void unbuiltModelIsRefusedAsKerasDoes() {
    try (Model model = new Sequential(new Dense(3))) {
      var e = assertThrows(IllegalStateException.class, () -> model.quantize("int8"));
      assertTrue(e.getMessage().startsWith("Cannot quantize a layer that isn't yet built. Layer '" + model.name()
          + "' (of type 'Sequential') is not built yet."), e.getMessage());
    }
  }

  @Test
  void unknownAndMissingModesAreRefusedAsKerasDoes() {
    try (Model model = mlp()) {
      var unknown = assertThrows(IllegalArgumentException.class, () -> model.quantize("int9"));
      assertEquals("Invalid quantization mode. Expected one of ('int8', 'float8', 'int4', 'gptq', 'awq'). "
          + "Received: mode=int9", unknown.getMessage());
      var missing = assertThrows(IllegalArgumentException.class, () -> model.quantize(null));
      assertEquals("You must provide either `mode` or `config` to `quantize`.", missing.getMessage());
      var notHere = assertThrows(UnsupportedOperationException.class, () -> model.quantize("int4"));
      assertTrue(notHere.getMessage().contains("model.quantize(\"int8\")"), notHere.getMessage());
      assertEquals(null, model.getLayer("hidden").quantizationMode(), "a refused mode changes nothing");
    }
  }

  @Test
  void quantizingTwiceIsRefusedAsKerasDoes() {
    try (Model model = mlp()) {
      model.quantize("int8");
      var e = assertThrows(IllegalStateException.class, () -> model.quantize("int8"));
      assertEquals("Layer 'hidden' is already quantized with dtype_policy='int8_from_float32'. Received: mode=int8",
          e.getMessage());
    }
  }

  @Test
  void elidedEinsumEquationIsRefusedBeforeAnyLayerChanges() {
    // Keras 3.15.1 raises a TypeError in _analyze_quantization_info for such equations (checked with the oracle).
    try (Model model = new Sequential(Input.of(3, 6), new Dense(6).name("first"),
        new EinsumDense("...b,bc->...c", 5).name("elided"))) {
      var e = assertThrows(IllegalArgumentException.class, () -> model.quantize("int8"));
      assertTrue(e.getMessage().contains("'...b,bc->...c' cannot be quantized"), e.getMessage());
      assertEquals(null, model.getLayer("first").quantizationMode());
      assertEquals(DType.FLOAT32, model.getLayer("first").weights().get(0).dtype());
    }
  }

  @Test
  void modelWithoutQuantizableLayersIsUnchanged() {
    try (Model model = new Sequential(Input.of(3, 4), new Flatten())) {
      FloatNdArray before = model.predict(x(), p -> p.verbose(0));
      model.quantize("int8");
      assertEquals(before, model.predict(x(), p -> p.verbose(0)));
    }
  }

  @Test
  void compiledModelStaysCompiledAndEvaluates() {
    try (Model model = mlp()) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      var y = NdArrays.vectorOf(0, 2);
      model.quantize("int8");
      assertTrue(model.isCompiled());
      assertTrue(model.evaluate(x(), y, e -> e.verbose(0)).containsKey("accuracy"));
    }
  }

  @Test
  void trainedModelTrainsOnAfterQuantizingWithItsFloatWeightsOnly() {
    try (Model model = mlp()) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      var y = NdArrays.vectorOf(0, 2);
      model.fit(x(), y, f -> f.epochs(1).verbose(0));
      model.quantize("int8");
      NdArray<?> kernel = model.getLayer("hidden").getWeights().get(1);
      model.fit(x(), y, f -> f.epochs(2).verbose(0));
      assertEquals(kernel, model.getLayer("hidden").getWeights().get(1), "the int8 kernel is not trainable");
      assertEquals(List.of("hidden/bias", "out/bias"),
          model.trainableWeights().stream().map(v -> v.name()).toList());
      Path file = dir.resolve("trained.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertEquals(model.predict(x(), p -> p.verbose(0)), loaded.predict(x(), p -> p.verbose(0)));
        assertEquals(model.optimizer().variables().size(), loaded.optimizer().variables().size());
      }
    }
  }

  @Test
  void exportHoldsInt8KernelsAndServes() throws IOException {
    try (Model model = mlp()) {
      model.quantize("int8");
      FloatNdArray expected = model.predict(x(), p -> p.verbose(0));
      Path export = dir.resolve("exported");
      model.export(export);
      SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(export.resolve("saved_model.pb")));
      Map<String, DataType> variables = new LinkedHashMap<>();
      for (NodeDef node : saved.getMetaGraphs(0).getGraphDef().getNodeList()) {
        if (node.getOp().equals("VarHandleOp")) {
          variables.put(node.getName(), node.getAttrOrThrow("dtype").getType());
        }
      }
      List<DataType> kernels = variables.entrySet().stream().filter(e -> e.getKey().matches(".*/kernel(_[0-9]+)?"))
          .map(Map.Entry::getValue).toList();
      assertEquals(List.of(DataType.DT_INT8, DataType.DT_INT8), kernels, "the kernels in " + variables);
      try (ImportedModel imported = SavedModels.load(export)) {
        Map<String, NdArray<?>> outputs = imported.call("serving_default", Map.of(
            imported.signatures().get("serving_default").inputs().keySet().iterator().next(), x()));
        assertEquals(expected, outputs.values().iterator().next());
      }
    }
  }

  @Test
  void weightsFilesRoundTripTheInt8Values() {
    Path file = dir.resolve("q.weights.h5");
    try (Model model = mlp(); Model other = mlp()) {
      model.quantize("int8");
      model.saveWeights(file);
      other.quantize("int8");
      other.loadWeights(file);
      assertEquals(model.predict(x(), p -> p.verbose(0)), other.predict(x(), p -> p.verbose(0)));
      assertEquals(DType.INT8, other.getLayer("hidden").weights().get(1).dtype());
      assertEquals(model.getLayer("hidden").getWeights().get(1), other.getLayer("hidden").getWeights().get(1));
    }
  }

  @Test
  void embeddingQuantizesPerRow() {
    try (Model model = new Sequential(Input.of(2), new Embedding(4, 3).name("embedding"))) {
      var table = Np.array(new float[][] {{1, -2, 0.5f}, {0, 0, 0}, {0.25f, 0.125f, -0.5f}, {3, 1, 2}});
      model.getLayer("embedding").setWeights(List.of(table));
      model.quantize("int8");
      List<NdArray<?>> weights = model.getLayer("embedding").getWeights();
      byte[] row0 = new byte[3];
      ((org.tensorflow.ndarray.ByteNdArray) weights.get(0)).get(0).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(row0));
      assertArrayEquals(new byte[] {64, -127, 32}, row0, "row 0 over its abs-max 2: round(w * 127 / 2)");
      assertEquals(127f / (2f + 1e-7f), ((FloatNdArray) weights.get(1)).getFloat(0));
      assertEquals(127f / 1e-7f, ((FloatNdArray) weights.get(1)).getFloat(1), "an all-zero row: epsilon only");
    }
  }

  @Test
  void fileWithWrongKernelScaleShapeIsRefusedClearly() throws IOException {
    Path good = dir.resolve("good.keras");
    try (Model model = mlp()) {
      model.quantize("int8");
      model.save(good);
    }
    Path bad = rewriteWeights(good, "layers/dense", values -> values.set(2, NdArrays.ofFloats(
        org.tensorflow.ndarray.Shape.of(9))));
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(bad));
    assertTrue(e.getMessage().contains("'hidden/kernel_scale' has shape (8,)")
        && e.getMessage().contains("holds shape (9,) at 'layers/dense/vars/2'"), e.getMessage());
  }

  @Test
  void fileWithFloatKernelForAnInt8LayerIsRefusedClearly() throws IOException {
    Path good = dir.resolve("good.keras");
    try (Model model = mlp()) {
      model.quantize("int8");
      model.save(good);
    }
    Path bad = rewriteWeights(good, "layers/dense", values -> values.set(0, NdArrays.ofFloats(
        org.tensorflow.ndarray.Shape.of(12, 8))));
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(bad));
    assertTrue(e.getMessage().contains("has dtype int8") && e.getMessage().contains("float32"), e.getMessage());
  }

  @Test
  void unsupportedQuantizedPolicyInAConfigIsRefusedClearly() throws IOException {
    Path good = dir.resolve("good.keras");
    try (Model model = mlp()) {
      model.quantize("int8");
      model.save(good);
    }
    Path bad = rewriteConfig(good, config -> config.replace("\"mode\":\"int8\"", "\"mode\":\"int4\""));
    var e = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(bad));
    assertTrue(e.getMessage().contains("QuantizedDTypePolicy of mode int4"), e.getMessage());
  }

  private Path rewriteWeights(Path keras, String layerPath, java.util.function.Consumer<List<NdArray<?>>> change)
      throws IOException {
    Path h5 = dir.resolve("model.weights.h5");
    try (ZipFile zip = new ZipFile(keras.toFile())) {
      Files.write(h5, zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes());
    }
    Map<String, WeightsFile.SavedObject> objects = new LinkedHashMap<>(WeightsFile.read(h5, Long.MAX_VALUE));
    String path = layerPath;
    WeightsFile.SavedObject object = objects.get(path);
    List<NdArray<?>> values = new ArrayList<>(object.values());
    change.accept(values);
    objects.put(path, new WeightsFile.SavedObject(object.name(), values, object.named()));
    Files.delete(h5);
    WeightsFile.write(h5, objects);
    return rezip(keras, "model.weights.h5", Files.readAllBytes(h5));
  }

  private Path rewriteConfig(Path keras, java.util.function.UnaryOperator<String> change) throws IOException {
    try (ZipFile zip = new ZipFile(keras.toFile())) {
      String config = new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(), StandardCharsets.UTF_8);
      return rezip(keras, "config.json", change.apply(config).getBytes(StandardCharsets.UTF_8));
    }
  }

  private Path rezip(Path keras, String replaced, byte[] content) throws IOException {
    Path out = dir.resolve("bad.keras");
    try (ZipFile zip = new ZipFile(keras.toFile());
        ZipOutputStream zipOut = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        zipOut.putNextEntry(new ZipEntry(entry.getName()));
        zipOut.write(entry.getName().equals(replaced) ? content : zip.getInputStream(entry).readAllBytes());
        zipOut.closeEntry();
      }
    }
    return out;
  }
}
