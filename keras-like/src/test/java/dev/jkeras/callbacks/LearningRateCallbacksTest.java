package dev.jkeras.callbacks;

import static dev.jkeras.callbacks.Fixtures.X;
import static dev.jkeras.callbacks.Fixtures.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.Fixtures.ScriptedLog;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** ReduceLROnPlateau, LearningRateScheduler and the optimizer's rate while training. */
class LearningRateCallbacksTest {

  /** The rates as the optimizer's float32 variable holds them. */
  private static List<Double> asStored(double... rates) {
    List<Double> out = new ArrayList<>();
    for (double rate : rates) {
      out.add((double) (float) rate);
    }
    return out;
  }

  private static void assertRates(List<Double> expected, List<Double> actual) {
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), expected.get(i) * 1e-6, "epoch " + i + ": " + actual);
    }
  }

  private static History fitScripted(Model model, int epochs, Callback callback) {
    double[] flat = new double[epochs];
    java.util.Arrays.fill(flat, 1.0);
    return model.fit(X, Y, f -> f.epochs(epochs).verbose(0).callbacks(new ScriptedLog("val_loss", flat), callback));
  }

  @Test
  void reduceLrOnPlateauLowersTheRateAfterPatienceEpochs() {
    try (Model model = Fixtures.regression(new SGD(0.1))) {
      var reduce = new ReduceLROnPlateau().factor(0.5).patience(2);
      History history = fitScripted(model, 6, reduce);
      // learning_rate is logged before the epoch's reduction: reduced after epochs 2 and 4.
      assertRates(asStored(0.1, 0.1, 0.1, 0.05, 0.05, 0.025), history.history().get("learning_rate"));
      assertEquals((float) 0.025, model.optimizer().learningRate(), 1e-9);
    }
  }

  @Test
  void reduceLrOnPlateauCooldownAndMinLr() {
    try (Model model = Fixtures.regression(new SGD(0.1))) {
      History history = fitScripted(model, 6, new ReduceLROnPlateau().factor(0.5).patience(1).cooldown(2));
      assertRates(asStored(0.1, 0.1, 0.05, 0.05, 0.025, 0.025), history.history().get("learning_rate"));
    }
    try (Model model = Fixtures.regression(new SGD(0.1))) {
      History history = fitScripted(model, 5, new ReduceLROnPlateau().patience(0).minLr(0.005));
      assertRates(asStored(0.1, 0.1, 0.01, 0.005, 0.005), history.history().get("learning_rate"));
    }
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
  }

  @Test
  void reduceLrOnPlateauSaysWhatItDoes() {
    try (Model model = Fixtures.regression(new SGD(0.1))) {
      String out = Fixtures.capture(() -> fitScripted(model, 2, new ReduceLROnPlateau().patience(1).verbose(1)));
      assertEquals("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.010000000149011612.\n", out);
    }
  }

  @Test
  void reduceLrOnPlateauWithoutItsMonitorWarnsOnceAndKeepsTheRate() {
    try (Model model = Fixtures.regression(new SGD(0.1))) {
      String err = dev.jkeras.testing.LoggedWarnings.during(() -> {
        History history = model.fit(X, Y, f -> f.epochs(3).verbose(0).callbacks(new ReduceLROnPlateau().patience(0)));
        assertRates(asStored(0.1, 0.1, 0.1), history.history().get("learning_rate"));
      });
      String warning = "Learning rate reduction is conditioned on metric `val_loss` which is not available.";
      assertTrue(err.contains(warning), err);
      assertEquals(err.indexOf(warning), err.lastIndexOf(warning), err);
    }
  }

  /** y = w x + b with w = b = 0 at first, one batch per epoch: each step is exactly -lr * grad. */
  @Test
  void schedulerRatesReachTheOptimizer() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(2, 1));
    x.setFloat(1f, 0, 0);
    x.setFloat(2f, 1, 0);
    y.setFloat(1f, 0, 0);
    y.setFloat(3f, 1, 0);
    try (Model model = new Sequential(new InputLayer(1), new Dense(1).kernelInitializer("zeros"))) {
      model.compile(new SGD(0.01), "mse");
      List<double[]> steps = new ArrayList<>();
      var recorder = new LambdaCallback()
          .onTrainBatchBegin((batch, logs) -> steps.add(wb(model)))
          .onTrainBatchEnd((batch, logs) -> steps.add(wb(model)));
      var scheduler = new LearningRateScheduler((epoch, lr) -> epoch == 0 ? 0.1 : lr * 0.5);
      History history = model.fit(x, y, f -> f.epochs(3).verbose(0).shuffle(false).callbacks(scheduler, recorder));
      double[] rates = {0.1, (float) 0.1 * 0.5, (float) ((float) 0.1 * 0.5) * 0.5};
      assertRates(asStored(rates), history.history().get("learning_rate"));
      for (int epoch = 0; epoch < 3; epoch++) {
        double[] before = steps.get(2 * epoch);
        double[] after = steps.get(2 * epoch + 1);
        double gradW = 0;
        double gradB = 0;
        for (int i = 0; i < 2; i++) {
          double error = before[0] * x.getFloat(i, 0) + before[1] - y.getFloat(i, 0);
          gradW += 2.0 / 2 * error * x.getFloat(i, 0);
          gradB += 2.0 / 2 * error;
        }
        double lr = (float) rates[epoch];
        assertEquals(-lr * gradW, after[0] - before[0], 1e-6, "kernel step of epoch " + epoch);
        assertEquals(-lr * gradB, after[1] - before[1], 1e-6, "bias step of epoch " + epoch);
      }
    }
  }

  private static double[] wb(Model model) {
    var weights = model.getWeights();
    return new double[] {((FloatNdArray) weights.get(0)).getFloat(0, 0), ((FloatNdArray) weights.get(1)).getFloat(0)};
  }

  /** The example of Keras's LearningRateScheduler docstring: 0.01 for ten epochs, then * exp(-0.1). */
  @Test
  void kerasDocstringExample() {
    try (Model model = Fixtures.regression(new SGD())) {
      assertEquals(0.01, model.optimizer().learningRate(), 1e-12);
      var callback = new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
      model.fit(X, Y, f -> f.epochs(15).verbose(0).callbacks(callback));
      assertEquals(0.00607, Math.round(model.optimizer().learningRate() * 1e5) / 1e5, 1e-12);
    }
  }

  @Test
  void schedulerOfTheEpochAloneAndVerbose() {
    try (Model model = Fixtures.regression(new SGD())) {
      String out = Fixtures.capture(() -> model.fit(X, Y, f -> f.epochs(2).verbose(0)
          .callbacks(new LearningRateScheduler(epoch -> 1e-5 * (epoch + 1)).verbose(1))));
      assertEquals("\nEpoch 1: LearningRateScheduler setting learning rate to 1e-05.\n"
          + "\nEpoch 2: LearningRateScheduler setting learning rate to 2e-05.\n", out);
      assertEquals((float) 2e-5, model.optimizer().learningRate(), 1e-12);
    }
  }

  @Test
  void noLearningRateInTheLogsWithoutTheseCallbacks() {
    try (Model model = Fixtures.regression(new SGD())) {
      History history = model.fit(X, Y, f -> f.epochs(1).verbose(0));
      assertFalse(history.history().containsKey("learning_rate"));
    }
  }

  @Test
  void pythonFloatRepr() {
    assertEquals("0.001", PythonFormat.repr(0.001));
    assertEquals("0.0001", PythonFormat.repr(1e-4));
    assertEquals("1e-05", PythonFormat.repr(1e-5));
    assertEquals("1.5e-07", PythonFormat.repr(1.5e-7));
    assertEquals("100.0", PythonFormat.repr(100));
    assertEquals("1e+16", PythonFormat.repr(1e16));
    assertEquals("1234567890123456.0", PythonFormat.repr(1234567890123456.0));
    assertEquals("0.10000000149011612", PythonFormat.repr((float) 0.1));
    assertEquals("-2.5", PythonFormat.repr(-2.5));
    assertEquals("nan", PythonFormat.repr(Double.NaN));
    assertEquals("-inf", PythonFormat.repr(Double.NEGATIVE_INFINITY));
  }
}
