package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
  void tf2MultiSignatureModelRuns() {
    try (ImportedModel model = SavedModels.load(fixture("python_tf2_multi_signature"))) {
      var sum = (FloatNdArray) model.call("add", Map.of("a", NdArrays.scalarOf(1f), "b", NdArrays.scalarOf(1f)))
          .get("output_0");
      assertEquals(2f, sum.getFloat(), 1e-6);
      var variable = (FloatNdArray) model.call("get_variable", Map.of("dummy", NdArrays.scalarOf(0f))).get("output_0");
      assertEquals(2f, variable.getFloat(), 1e-6);
      var matrix = model.call("get_const_matrix", Map.of("input", NdArrays.scalarOf(1f))).get("output_0");
      assertEquals(org.tensorflow.ndarray.Shape.of(2, 3), matrix.shape());
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
}
