package dev.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/** ModelCheckpoint and BackupAndRestore. */
class CheckpointCallbacksTest {
  @TempDir
  Path dir;

  private static final FloatNdArray X = Fixtures.X;
  private static final FloatNdArray Y = Fixtures.Y;

  private static Model model(long seed) {
    Model model = new Sequential(new InputLayer(3),
        new Dense(4, "tanh").kernelInitializer(new dev.jkeras.initializers.GlorotUniform(seed)),
        new Dense(1).kernelInitializer(new dev.jkeras.initializers.GlorotUniform(seed + 1)));
    model.compile(new Adam(0.05), "mse");
    return model;
  }

  @Test
  void saveBestOnlyKeepsOnlyImprovements() throws Exception {
    try (Model model = model(1)) {
      var checkpoint = new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}-{val_loss:.2f}.keras").toString())
          .saveBestOnly(true);
      model.fit(X, Y, f -> f.epochs(5).verbose(0).shuffle(false)
          .callbacks(new Fixtures.ScriptedLog("val_loss", 0.9, 0.5, 0.7, 0.4, 0.6), checkpoint));
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of("ckpt-01-0.90.keras", "ckpt-02-0.50.keras", "ckpt-04-0.40.keras"),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
      assertEquals(0.4, checkpoint.best());
      try (Model best = Models.loadModel(dir.resolve("ckpt-04-0.40.keras"))) {
        assertEquals(4 * model.optimizer().iterations() / 5, best.optimizer().iterations(),
            "the checkpoint holds the state after epoch 4");
      }
    }
  }

  @Test
  void maxModeAndWeightsOnlyAndOneFileOverwritten() throws Exception {
    try (Model model = model(2)) {
      Path file = dir.resolve("best.weights.h5");
      var checkpoint = new ModelCheckpoint(file.toString()).monitor("val_accuracy").saveBestOnly(true)
          .saveWeightsOnly(true);
      List<List<NdArray<?>>> savedAt = new ArrayList<>();
      Callback recorder = new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          savedAt.add(model().getWeights());
        }
      };
      model.fit(X, Y, f -> f.epochs(4).verbose(0)
          .callbacks(new Fixtures.ScriptedLog("val_accuracy", 0.5, 0.8, 0.6, 0.7), checkpoint, recorder));
      try (Model restored = model(2)) {
        restored.loadWeights(file);
        assertEquals(savedAt.get(1), restored.getWeights(), "epoch 2 had the best val_accuracy (auto mode: max)");
      }
    }
  }

  @Test
  void missingMonitorWarnsAndTrainingGoesOn() {
    try (Model model = model(3)) {
      var checkpoint = new ModelCheckpoint(dir.resolve("m.keras").toString()).monitor("val_nothing").saveBestOnly(true);
      var history = model.fit(X, Y, f -> f.epochs(2).verbose(0).callbacks(checkpoint));
      assertEquals(2, history.history().get("loss").size());
      assertFalse(Files.exists(dir.resolve("m.keras")));
    }
  }

  @Test
  void badFilepathIsRefusedBeforeTraining() {
    try (Model model = model(4)) {
      var e = assertThrows(IllegalArgumentException.class, () -> model.fit(X, Y, f -> f.epochs(1).verbose(0)
          .callbacks(new ModelCheckpoint(dir.resolve("model.h5").toString()))));
      assertTrue(e.getMessage().contains(".keras"), e.getMessage());
      assertEquals(0, model.optimizer().iterations());
    }
  }

  /** Kills training at the end of epoch {@code epoch}, after the callbacks before it ran. */
  static final class Crash extends Callback {
    private final int epoch;

    Crash(int epoch) {
      this.epoch = epoch;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      if (epoch == this.epoch) {
        throw new IllegalStateException("simulated crash");
      }
    }
  }

  @Test
  void backupAndRestoreResumesToTheUninterruptedResult() {
    List<NdArray<?>> uninterrupted;
    long steps;
    try (Model model = model(5)) {
      model.fit(X, Y, f -> f.epochs(6).batchSize(16).shuffle(false).verbose(0));
      uninterrupted = model.getWeights();
      steps = model.optimizer().iterations();
    }
    Path backup = dir.resolve("backup");
    try (Model first = model(5)) {
      assertThrows(IllegalStateException.class, () -> first.fit(X, Y, f -> f.epochs(6).batchSize(16).shuffle(false)
          .verbose(0).callbacks(new BackupAndRestore(backup), new Crash(2))));
    }
    assertTrue(Files.exists(backup.resolve("training_metadata.json")));
    try (Model second = model(99)) {
      var history = second.fit(X, Y, f -> f.epochs(6).batchSize(16).shuffle(false).verbose(0)
          .callbacks(new BackupAndRestore(backup)));
      assertEquals(3, history.history().get("loss").size(), "epochs 4 to 6 run after the restore");
      assertEquals(steps, second.optimizer().iterations());
      assertEquals(uninterrupted, second.getWeights());
    }
    assertFalse(Files.exists(backup), "the backup is deleted when training finishes");
  }

  @Test
  void filepathTemplates() {
    assertEquals("w.03-0.12.keras", ModelCheckpoint.format("w.{epoch:02d}-{val_loss:.2f}.keras", 2,
        Map.of("val_loss", 0.1234)));
    var e = assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.format("{val_acc}.keras", 0,
        Map.of("loss", 1.0)));
    assertTrue(e.getMessage().contains("val_acc"), e.getMessage());
  }
}
