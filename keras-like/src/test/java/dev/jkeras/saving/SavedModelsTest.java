package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Importing SavedModels made by Python TensorFlow (../shared/fixtures/savedmodels). */
class SavedModelsTest {
  private static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();

  private static Path fixture(String name) {
    Path dir = FIXTURES.resolve(name);
    assumeTrue(Files.isDirectory(dir), "fixture missing: " + dir);
    return dir;
  }

  @Test
  void tf1HalfPlusTwoListsAndRunsItsSignatures() {
    try (ImportedModel model = SavedModels.load(fixture("half_plus_two_tf1"))) {
      assertEquals(List.of("serve"), model.tags());
      assertTrue(model.signatures().keySet().containsAll(List.of("serving_default", "regress_x2_to_y3",
          "classify_x_to_y")), model.signatures().keySet().toString());
      var serving = model.signatures().get("serving_default");
      assertEquals(DType.FLOAT32, serving.inputs().get("x").dtype());
      assertEquals(Shape.of(Shape.UNKNOWN, 1), serving.inputs().get("x").shape());
      assertEquals(DType.STRING, model.signatures().get("classify_x_to_y").inputs().get("inputs").dtype());

      FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
      FloatNdArray y = (FloatNdArray) model.call("serving_default", Map.of("x", x)).get("y");
      assertEquals(2.5f, y.getFloat(0, 0), 1e-6);
      assertEquals(3.5f, y.getFloat(2, 0), 1e-6);
      FloatNdArray y3 = (FloatNdArray) model.call("regress_x2_to_y3", Map.of("inputs", x)).get("outputs");
      assertEquals(4.5f, y3.getFloat(2, 0), 1e-6);
    }
  }

  @Test
  void tf1HalfPlusTwoGivesEveryDocumentedFloatOutput() {
    try (ImportedModel model = SavedModels.load(fixture("half_plus_two_tf1"))) {
      assertTrue(model.badSignatures().isEmpty(), model.badSignatures().toString());
      FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1}, {2}, {3}});
      assertArrayEquals(new float[][] {{2.5f}, {3.0f}, {3.5f}},
          StdArrays.array2dCopyOf((FloatNdArray) model.call("serving_default", Map.of("x", x)).get("y")));
      assertArrayEquals(new float[][] {{3.5f}, {4.0f}, {4.5f}},
          StdArrays.array2dCopyOf((FloatNdArray) model.call("regress_x2_to_y3", Map.of("inputs", x)).get("outputs")));
    }
  }

  @Test
  void withoutShapeChecksTheGraphJudgesTheShapesAsTfServingDoes() {
    FloatNdArray flat = StdArrays.ndCopyOf(new float[] {1, 2, 5});
    try (ImportedModel strict = SavedModels.load(fixture("half_plus_two_tf1"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> strict.call("serving_default", Map.of("x", flat)));
      assertTrue(e.getMessage().contains("must have shape"), e.getMessage());
    }
    SavedModelOptions lenient = SavedModelOptions.defaults().checkInputShapes(false);
    try (ImportedModel model = SavedModels.load(fixture("half_plus_two_tf1"), lenient)) {
      assertArrayEquals(new float[] {2.5f, 3.0f, 4.5f},
          StdArrays.array1dCopyOf((FloatNdArray) model.call("serving_default", Map.of("x", flat)).get("y")));
      IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of("x", StdArrays.ndCopyOf(new int[] {1}))));
      assertTrue(dtype.getMessage().contains("must be float32"), dtype.getMessage());
    }
    try (ImportedModel dense = SavedModels.load(fixture("keras_dense_single_input"), lenient)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> dense.call("serving_default", Map.of("test_in_input", StdArrays.ndCopyOf(new float[][] {{1, 2}}))));
      assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
  }

  @Test
  void tf2MultiSignatureModelRuns() {
    try (ImportedModel model = SavedModels.load(fixture("python_tf2_multi_signature"))) {
      assertTrue(model.badSignatures().isEmpty(), model.badSignatures().toString());
      assertEquals(List.of("add", "get_const_matrix", "get_const_scalar", "get_const_vector", "get_variable"),
          List.copyOf(model.signatures().keySet()));
      var sum = (FloatNdArray) model.call("add", Map.of("a", NdArrays.scalarOf(1f), "b", NdArrays.scalarOf(1f)))
          .get("output_0");
      assertEquals(2f, sum.getFloat(), 1e-6);
      var variable = (FloatNdArray) model.call("get_variable", Map.of("dummy", NdArrays.scalarOf(0f))).get("output_0");
      assertEquals(2f, variable.getFloat(), 1e-6);
      var scalar = (FloatNdArray) model.call("get_const_scalar", Map.of("input", NdArrays.scalarOf(1.5f)))
          .get("output_0");
      assertEquals(1.5f, scalar.getFloat(), 1e-6);
      var vector = (FloatNdArray) model.call("get_const_vector", Map.of("input", NdArrays.scalarOf(1f)))
          .get("output_0");
      assertArrayEquals(new float[] {1, 1, 1}, StdArrays.array1dCopyOf(vector));
      var matrix = (FloatNdArray) model.call("get_const_matrix", Map.of("input", NdArrays.scalarOf(2f)))
          .get("output_0");
      assertArrayEquals(new float[][] {{2, 2, 2}, {2, 2, 2}}, StdArrays.array2dCopyOf(matrix));
      // Inputs of unknown rank take any shape
      var added = (FloatNdArray) model.call("add", Map.of("a", StdArrays.ndCopyOf(new float[] {1, 2}),
          "b", StdArrays.ndCopyOf(new float[] {3, 4}))).get("output_0");
      assertArrayEquals(new float[] {4, 6}, StdArrays.array1dCopyOf(added));
    }
  }

  @Test
  void everyFixturePassesTheScreenAndListsItsOps() {
    for (String name : List.of("half_plus_two_tf1", "python_tf2_multi_signature")) {
      Path dir = fixture(name);
      assertEquals(List.of(Set.of("serve")), SavedModels.tagSets(dir));
      Map<String, List<String>> ops = SavedModels.ops(dir);
      assertTrue(ops.containsKey("RestoreV2") && ops.containsKey("SaveV2"), ops.keySet().toString());
      try (ImportedModel model = SavedModels.load(dir)) {
        assertEquals(ops, model.ops());
      }
    }
    Map<String, List<String>> tf2 = SavedModels.ops(fixture("python_tf2_multi_signature"));
    assertTrue(tf2.get("AddV2").stream().anyMatch(where -> where.startsWith("function '")), tf2.get("AddV2").toString());
  }

  @Test
  void aDatasetFromGraphReadingAFileIsRefusedAndTheSecretNeverComesOut(@TempDir Path tmp) throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "4242\n");
    Path dir = HostileSavedModels.readingAFile(tmp.resolve("model"), secret);
    FloatNdArray x = StdArrays.ndCopyOf(new float[][] {{1}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      try (ImportedModel model = SavedModels.load(dir)) {
        model.call("serving_default", Map.of("x", x));
      }
    });
    assertTrue(e.getMessage().startsWith("Refusing to load the SavedModel in " + dir)
        && e.getMessage().contains("DatasetFromGraph (a dataset op that may read files or the network or run a "
        + "serialized graph; only in-memory datasets pass) at graph node 'leak/dataset'")
        && e.getMessage().contains("allowOps(\"DatasetFromGraph\")"), e.getMessage());
    assertTrue(!e.getMessage().contains("4242"), e.getMessage());
    // What the screen keeps out: with the opt-in, the model reads the file
    try (ImportedModel model = SavedModels.load(dir,
        dev.jkeras.backend.SavedModelOptions.defaults().allowOps("DatasetFromGraph"))) {
      assertEquals(4244.5f, ((FloatNdArray) model.call("serving_default", Map.of("x", x)).get("y")).getFloat(0, 0));
    }
  }

  @Test
  void mistakesGetClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load("/nonexistent/model"));
    assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
    try (ImportedModel model = SavedModels.load(fixture("half_plus_two_tf1"))) {
      e = assertThrows(IllegalArgumentException.class, () -> model.call("nope", Map.of()));
      assertTrue(e.getMessage().contains("serving_default"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> model.call("serving_default", Map.of()));
      assertTrue(e.getMessage().contains("'x'"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of("x", NdArrays.vectorOf(1, 2))));
      assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("int32"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of("x", StdArrays.ndCopyOf(new float[][] {{1}}), "z",
              NdArrays.scalarOf(1f))));
      assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }
  }

  @Test
  void missingDirectoryOrFileIsNamed(@TempDir Path tmp) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(tmp.resolve("none")));
    assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(tmp));
    assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
  }

  @Test
  void truncatedOrCorruptSavedModelPbIsNamed(@TempDir Path tmp) throws IOException {
    Path copy = HostileSavedModels.copy(fixture("half_plus_two_tf1"), tmp);
    Path pb = copy.resolve("saved_model.pb");
    byte[] bytes = Files.readAllBytes(pb);
    Files.write(pb, Arrays.copyOf(bytes, bytes.length / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(copy));
    assertTrue(e.getMessage().contains(pb.toString()) && e.getMessage().contains("truncated or corrupt"),
        e.getMessage());
    Files.write(pb, "this is not a protocol buffer".getBytes(StandardCharsets.UTF_8));
    e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(copy));
    assertTrue(e.getMessage().contains(pb.toString()), e.getMessage());
    Files.write(pb, new byte[0]);
    e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(copy));
    assertTrue(e.getMessage().contains("no meta graph"), e.getMessage());
  }

  @Test
  void missingVariablesFilesAreNamed(@TempDir Path tmp) throws IOException {
    for (String name : List.of("half_plus_two_tf1", "python_tf2_multi_signature")) {
      Path copy = HostileSavedModels.copy(fixture(name), tmp.resolve(name + "_index"));
      Files.delete(copy.resolve("variables/variables.index"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(copy));
      assertTrue(e.getMessage().contains("variables.index is missing"), e.getMessage());

      Path noData = HostileSavedModels.copy(fixture(name), tmp.resolve(name + "_data"));
      Files.delete(noData.resolve("variables/variables.data-00000-of-00001"));
      e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(noData));
      assertTrue(e.getMessage().contains("variables.data-00000-of-00001"), e.getMessage());
    }
  }

  @Test
  void corruptVariablesFilesGiveAClearError(@TempDir Path tmp) throws IOException {
    Path copy = HostileSavedModels.copy(fixture("python_tf2_multi_signature"), tmp.resolve("index"));
    Files.write(copy.resolve("variables/variables.index"), "garbage".getBytes(StandardCharsets.UTF_8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModels.load(copy));
    assertTrue(e.getMessage().startsWith("Could not load the SavedModel in " + copy), e.getMessage());

    // The data file is read when TensorFlow restores the variables, at the first call: loading runs nothing.
    Path data = HostileSavedModels.copy(fixture("half_plus_two_tf1"), tmp.resolve("data"));
    Files.write(data.resolve("variables/variables.data-00000-of-00001"), new byte[] {1, 2});
    try (ImportedModel model = SavedModels.load(data)) {
      e = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of("x", StdArrays.ndCopyOf(new float[][] {{1}}))));
      assertTrue(e.getMessage().startsWith("Could not load the SavedModel in " + data), e.getMessage());
    }
  }

  @Test
  void wrongTagsListTheTagSetsThereAre() {
    Path halfPlusTwo = fixture("half_plus_two_tf1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedModels.load(halfPlusTwo, "train"));
    assertTrue(e.getMessage().contains("[train]") && e.getMessage().contains("[[serve]]"), e.getMessage());
  }

  @Test
  void inputsOfTheWrongShapeAreRefusedBeforeRunning() {
    try (ImportedModel model = SavedModels.load(fixture("half_plus_two_tf1"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of("x", StdArrays.ndCopyOf(new float[][] {{1, 2}}))));
      assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("(None, 1)")
          && e.getMessage().contains("(1, 2)"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> model.call("serving_default", Map.of("x", StdArrays.ndCopyOf(new float[] {1, 2}))));
      assertTrue(e.getMessage().contains("rank 2") && e.getMessage().contains("(2,)"), e.getMessage());
    }
  }
}
