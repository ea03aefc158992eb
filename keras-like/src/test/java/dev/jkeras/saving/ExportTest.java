package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.layers.AveragePooling2D;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.GlobalAveragePooling2D;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.layers.UpSampling2D;
import dev.jkeras.layers.ZeroPadding2D;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;

/** {@code model.export(dir)} writes a SavedModel that TensorFlow's loader runs like {@code predict}. */
class ExportTest {
  @TempDir Path dir;

  private static FloatNdArray random(int n, int features) {
    Random random = new Random(n);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, features).toNdArrayShape());
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < features; f++) {
        x.setFloat((float) random.nextGaussian(), i, f);
      }
    }
    return x;
  }

  @Test
  void exportedSequentialServesWhatPredictGives() throws Exception {
    FloatNdArray x = random(64, 4);
    IntNdArray y = NdArrays.ofInts(Shape.of(64).toNdArrayShape());
    try (var model = new Sequential(new Dense(8, "relu").inputShape(4), new Dense(3, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy");
      model.fit(x, y, f -> f.epochs(2).verbose(0));
      Path exported = dir.resolve("exported/1");
      model.export(exported.toString());
      model.export(exported.toString());
      assertTrue(Files.isRegularFile(exported.resolve("saved_model.pb")));
      try (var siblings = Files.list(exported.getParent())) {
        assertEquals(List.of(exported), siblings.toList(), "no temporary or old directories left behind");
      }
      FloatNdArray expected = model.predict(x, p -> p.verbose(0));
      try (ImportedModel served = SavedModels.load(exported)) {
        assertEquals(List.of("serve"), served.tags());
        var signature = served.signatures().get("serving_default");
        assertEquals(DType.FLOAT32, signature.inputs().get("input").dtype());
        assertEquals(Shape.of(Shape.UNKNOWN, 4), signature.inputs().get("input").shape());
        String output = model.outputNames().get(0);
        FloatNdArray actual = (FloatNdArray) served.call("serving_default", Map.of("input", x)).get(output);
        assertEquals(expected.shape(), actual.shape());
        for (long i = 0; i < 64; i++) {
          for (long j = 0; j < 3; j++) {
            assertEquals(expected.getFloat(i, j), actual.getFloat(i, j), 1e-6, "row " + i);
          }
        }
      }
    }
  }

  /** A CNN (seed 001's layers and the other conv and pooling layers) serves what predict gives. */
  @Test
  void exportedCnnServesWhatPredictGives() {
    Random random = new Random(4);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(16, 12, 12, 1).toNdArrayShape());
    x.scalars().forEach(v -> v.setFloat((float) random.nextGaussian()));
    try (var model = new Sequential(
        new Conv2D(4, 3).activation("relu").inputShape(12, 12, 1),
        new MaxPooling2D(2),
        new ZeroPadding2D(1),
        new Conv2D(6, 3).dilationRate(2).padding("same"),
        new AveragePooling2D(2).padding("same"),
        new UpSampling2D(2),
        new GlobalAveragePooling2D(),
        new Dense(3, "softmax"))) {
      Path exported = dir.resolve("cnn/1");
      model.export(exported.toString());
      FloatNdArray expected = model.predict(x, p -> p.verbose(0));
      try (ImportedModel served = SavedModels.load(exported)) {
        var signature = served.signatures().get("serving_default");
        assertEquals(Shape.of(Shape.UNKNOWN, 12, 12, 1), signature.inputs().get("input").shape());
        FloatNdArray actual = (FloatNdArray) served.call("serving_default", Map.of("input", x))
            .get(model.outputNames().get(0));
        assertEquals(expected.shape(), actual.shape());
        for (long i = 0; i < 16; i++) {
          for (long j = 0; j < 3; j++) {
            assertEquals(expected.getFloat(i, j), actual.getFloat(i, j), 1e-6, "row " + i);
          }
        }
      }
    }
  }

  @Test
  void exportedFunctionalModelKeepsInputAndOutputNames() {
    var wide = Input.of(2).name("wide_input");
    var deep = Input.of(3).name("deep_input");
    var hidden = new Dense(4, "relu").apply(deep);
    var main = new Dense(1).name("main_output").apply(Layers.concatenate(wide, hidden));
    var aux = new Dense(1).name("aux_output").apply(hidden);
    try (var model = new Model(List.of(wide, deep), List.of(main, aux))) {
      FloatNdArray a = random(5, 2);
      FloatNdArray b = random(5, 3);
      List<FloatNdArray> expected = model.predict(List.of(a, b), p -> p.verbose(0));
      model.export(dir.resolve("wide_deep"));
      try (ImportedModel served = SavedModels.load(dir.resolve("wide_deep"))) {
        var outputs = served.call("serving_default", Map.of("wide_input", a, "deep_input", b));
        assertEquals(expected.get(0), outputs.get("main_output"));
        assertEquals(expected.get(1), outputs.get("aux_output"));
      }
    }
  }

  @Test
  void anUnbuiltModelCannotBeExported() {
    try (var model = new Sequential(new Dense(2))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.export(dir.resolve("x").toString()));
      assertTrue(e.getMessage().contains("not built"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("x")));
    }
  }

  @Test
  void extraSignaturesServeTrainingModeAndChosenOutputs() {
    FloatNdArray x = random(32, 4);
    var input = Input.of(4).name("features");
    var hidden = new dev.jkeras.layers.Dropout(0.5).apply(new Dense(16, "relu").apply(input));
    var main = new Dense(1).name("main_output").apply(hidden);
    var aux = new Dense(1).name("aux_output").apply(hidden);
    try (Model model = new Model(List.of(input), List.of(main, aux))) {
      Path exported = dir.resolve("endpoints");
      model.export(exported, e -> e
          .endpoint("mc_dropout", s -> s.training(true))
          .endpoint("main_only", s -> s.outputs("main_output")));
      List<?> predicted = model.predict(List.of(x));
      try (ImportedModel served = SavedModels.load(exported)) {
        assertEquals(java.util.Set.of("serving_default", "mc_dropout", "main_only"), served.signatures().keySet());
        assertEquals(java.util.Set.of("main_output"), served.signatures().get("main_only").outputs().keySet());
        var inference = served.call("serving_default", Map.of("features", x));
        assertEquals(predicted.get(0), inference.get("main_output"));
        assertEquals(inference.get("main_output"), served.call("main_only", Map.of("features", x)).get("main_output"));
        var sampleA = served.call("mc_dropout", Map.of("features", x)).get("main_output");
        var sampleB = served.call("mc_dropout", Map.of("features", x)).get("main_output");
        assertFalse(sampleA.equals(sampleB), "dropout is active in the training-mode signature");
      }
      var e = assertThrows(IllegalArgumentException.class,
          () -> model.export(dir.resolve("bad"), o -> o.endpoint("x", s -> s.outputs("nope"))));
      assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("aux_output"), e.getMessage());
    }
  }

  @Test
  void exportIntoADirectoryWithTheUsersFilesRefusesAndDeletesNothing() throws Exception {
    Path target = Files.createDirectories(dir.resolve("serving"));
    Path notes = Files.writeString(target.resolve("notes.txt"), "mine");
    Path regular = Files.writeString(dir.resolve("model"), "also mine");
    try (var model = new Sequential(new Dense(2).inputShape(3))) {
      var e = assertThrows(IllegalArgumentException.class, () -> model.export(target));
      assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("not part of a SavedModel"),
          e.getMessage());
      var file = assertThrows(IllegalArgumentException.class, () -> model.export(regular));
      assertTrue(file.getMessage().contains("is a file"), file.getMessage());
      assertEquals("mine", Files.readString(notes));
      assertEquals("also mine", Files.readString(regular));
      try (var left = Files.list(dir)) {
        assertEquals(List.of("model", "serving"), left.map(p -> p.getFileName().toString()).sorted().toList(),
            "no staging directory left behind");
      }
      Path empty = Files.createDirectories(dir.resolve("empty"));
      model.export(empty);
      model.export(empty);
      assertTrue(Files.isRegularFile(empty.resolve("saved_model.pb")), "an empty or previous export is replaced");
    }
  }

  @Test
  void exportDirectoriesGetTheUmasksPermissionsAndStaleStagingIsRemoved() throws Exception {
    Path plain = Files.createDirectory(dir.resolve("plain"));
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    Path stale = Files.createDirectories(dir.resolve(".exported.jkeras-tmp-" + process.pid() + "-1/variables"));
    Files.writeString(stale.resolve("variables.index"), "partial");
    Path target = dir.resolve("exported");
    try (var model = new Sequential(new Dense(2).inputShape(3))) {
      model.export(target);
    }
    assertEquals(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    try (var left = Files.list(dir)) {
      assertEquals(List.of("exported", "plain"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
