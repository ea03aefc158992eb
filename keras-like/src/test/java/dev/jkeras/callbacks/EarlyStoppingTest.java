package dev.jkeras.callbacks;

import static dev.jkeras.callbacks.Fixtures.X;
import static dev.jkeras.callbacks.Fixtures.Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.Fixtures.ScriptedLog;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** EarlyStopping against Keras 3's semantics, on scripted validation losses. */
class EarlyStoppingTest {

  /** Fits for up to {@code epochs} with {@code val_loss} scripted; returns the epochs run. */
  private static List<Integer> run(EarlyStopping early, int epochs, double... valLosses) {
    try (Model model = Fixtures.regression(new Adam(0.01))) {
      History history = model.fit(X, Y, f -> f.epochs(epochs).verbose(0)
          .callbacks(new ScriptedLog("val_loss", valLosses), early));
      return history.epoch();
    }
  }

  private static List<Integer> epochs(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    var early = new EarlyStopping().patience(2);
    // best 0.8 at epoch 1; epochs 2 and 3 do not improve: stop after epoch 3.
    assertEquals(epochs(4), run(early, 10, 1.0, 0.8, 0.9, 0.85, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2));
    assertEquals(3, early.stoppedEpoch());
    assertEquals(0.8, early.best());
    assertEquals(1, early.bestEpoch());
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
    // Keras never stops at epoch 0; patience 0 stops at the first non-improving epoch after it.
    assertEquals(epochs(3), run(new EarlyStopping(), 10, 1.0, 0.9, 0.95, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0.1));
  }

  @Test
  void minDeltaIgnoresSmallImprovements() {
    var early = new EarlyStopping().minDelta(0.0005).patience(2);
    // 0.9997 and 0.9994 improve on 1.0 by less than 0.0005; 0.9993 does by 0.0007, restarting the wait.
    assertEquals(epochs(5), run(early, 10, 1.0, 0.9997, 0.9993, 0.9990, 0.9989, 0.5, 0.4, 0.3, 0.2, 0.1));
    assertEquals(0.9993, early.best());
    assertEquals(4, early.stoppedEpoch());
  }

  @Test
  void maxModeAndAutoForAccuracy() {
    var early = new EarlyStopping().monitor("val_accuracy").patience(1);
    try (Model model = Fixtures.regression(new Adam(0.01))) {
      History history = model.fit(X, Y, f -> f.epochs(10).verbose(0)
          .callbacks(new ScriptedLog("val_accuracy", 0.5, 0.6, 0.55, 0.7, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9), early));
      assertEquals(epochs(3), history.epoch());
    }
    var min = new EarlyStopping().monitor("val_accuracy").mode("min").patience(1);
    assertEquals(epochs(2), runMonitor(min, "val_accuracy", 0.5, 0.6, 0.7, 0.8));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().mode("biggest"));
  }

  private static List<Integer> runMonitor(EarlyStopping early, String name, double... values) {
    try (Model model = Fixtures.regression(new Adam(0.01))) {
      return model.fit(X, Y, f -> f.epochs(values.length).verbose(0)
          .callbacks(new ScriptedLog(name, values), early)).epoch();
    }
  }

  @Test
  void autoModeRefusesAQuantityOfUnknownDirection() {
    var early = new EarlyStopping().monitor("val_weirdness");
    var error = assertThrows(IllegalArgumentException.class, () -> runMonitor(early, "val_weirdness", 1, 2));
    assertTrue(error.getMessage().contains("mode(\"max\")"), error.getMessage());
  }

  @Test
  void baselineMustBeBeatenToResetTheWait() {
    var early = new EarlyStopping().baseline(0.5).patience(2);
    // Improvements that do not beat the baseline keep counting: stop at epoch 1 already.
    assertEquals(epochs(2), run(early, 10, 0.9, 0.95, 0.96, 0.4, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1));
    // Beating it (0.4 at epoch 1) resets the wait: epochs 2 and 3 do not improve, stop after 3.
    assertEquals(epochs(4), run(new EarlyStopping().baseline(0.5).patience(2), 10,
        0.9, 0.4, 0.45, 0.46, 0.47, 0.1, 0.1, 0.1, 0.1, 0.1));
  }

  @Test
  void startFromEpochIgnoresTheWarmUp() {
    var early = new EarlyStopping().startFromEpoch(3);
    assertEquals(epochs(5), run(early, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    assertEquals(4, early.stoppedEpoch());
  }

  @Test
  void restoresTheBestWeightsBitIdenticallyWhenStopping() {
    var early = new EarlyStopping().patience(2).restoreBestWeights(true);
    List<List<float[]>> atEpochEnd = new ArrayList<>();
    var recorder = new LambdaCallback().onEpochEnd((epoch, logs) -> atEpochEnd.add(Fixtures.floats(
        early.model().getWeights())));
    try (Model model = Fixtures.regression(new Adam(0.05))) {
      History history = model.fit(X, Y, f -> f.epochs(10).verbose(0)
          .callbacks(recorder, new ScriptedLog("val_loss", 1.0, 0.5, 0.7, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1), early));
      assertEquals(epochs(4), history.epoch());
      List<float[]> restored = Fixtures.floats(model.getWeights());
      assertWeightsEqual(atEpochEnd.get(1), restored);
      assertFalse(java.util.Arrays.equals(atEpochEnd.get(3).get(0), restored.get(0)), "training moved the weights");
    }
  }

  @Test
  void restoresTheBestWeightsAlsoWhenTrainingRunsToTheEnd() {
    var early = new EarlyStopping().patience(5).restoreBestWeights(true).verbose(1);
    List<List<float[]>> atEpochEnd = new ArrayList<>();
    var recorder = new LambdaCallback().onEpochEnd((epoch, logs) -> atEpochEnd.add(Fixtures.floats(
        early.model().getWeights())));
    try (Model model = Fixtures.regression(new Adam(0.05))) {
      String out = Fixtures.capture(() -> model.fit(X, Y, f -> f.epochs(4).verbose(0)
          .callbacks(recorder, new ScriptedLog("val_loss", 1.0, 0.5, 0.7, 0.8), early)));
      assertEquals(0, early.stoppedEpoch());
      assertWeightsEqual(atEpochEnd.get(1), Fixtures.floats(model.getWeights()));
      assertEquals("Restoring model weights from the end of the best epoch: 2.\n", out);
    }
  }

  private static void assertWeightsEqual(List<float[]> expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      float[] e = expected.get(i);
      float[] a = actual.get(i);
      assertEquals(e.length, a.length);
      for (int j = 0; j < e.length; j++) {
        assertEquals(Float.floatToRawIntBits(e[j]), Float.floatToRawIntBits(a[j]), "weight " + i + "[" + j + "]");
      }
    }
  }

  @Test
  void aMonitoredQuantityNeverLoggedWarnsOnceAndTrainingGoesOn() {
    var early = new EarlyStopping().patience(0);
    String err = dev.jkeras.testing.LoggedWarnings.during(() -> {
      try (Model model = Fixtures.regression(new Adam(0.01))) {
        assertEquals(epochs(4), model.fit(X, Y, f -> f.epochs(4).verbose(0).callbacks(early)).epoch());
      }
    });
    String warning = "Early stopping conditioned on metric `val_loss` which is not available. "
        + "Available metrics are: loss";
    assertTrue(err.contains(warning), err);
    assertEquals(err.indexOf(warning), err.lastIndexOf(warning), "warned once: " + err);
  }

  @Test
  void verboseSaysWhenItStopped() {
    var early = new EarlyStopping().patience(1).verbose(1);
    String out = Fixtures.capture(() -> run(early, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    assertEquals("Epoch 2: early stopping\n", out);
  }

  @Test
  void reusedAcrossFitsStartsAfresh() {
    var early = new EarlyStopping().patience(1);
    assertEquals(epochs(2), run(early, 5, 1, 2, 3, 4, 5));
    assertEquals(epochs(3), run(early, 5, 5, 4, 4, 4, 4));
    assertArrayEquals(new double[] {4}, new double[] {early.best()});
  }
}
