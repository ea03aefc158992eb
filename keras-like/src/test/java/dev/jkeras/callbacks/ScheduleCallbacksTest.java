package dev.jkeras.callbacks;

import static dev.jkeras.callbacks.Fixtures.X;
import static dev.jkeras.callbacks.Fixtures.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.Fixtures.ScriptedLog;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.optimizers.schedules.ExponentialDecay;
import org.junit.jupiter.api.Test;

/** Learning-rate callbacks with an optimizer that follows a schedule. */
class ScheduleCallbacksTest {

  private static String messages(Throwable error) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void reduceLrOnPlateauRefusesAScheduledRate() {
    try (Model model = Fixtures.regression(new SGD(new ExponentialDecay(0.1, 4, 0.5)))) {
      var reduce = new ReduceLROnPlateau().patience(1);
      RuntimeException e = assertThrows(RuntimeException.class, () -> model.fit(X, Y, f -> f.epochs(3).verbose(0)
          .callbacks(new ScriptedLog("val_loss", 1.0, 1.0, 1.0), reduce)));
      assertTrue(messages(e).contains("a schedule used where a fixed rate is required"), messages(e));
    }
  }

  @Test
  void learningRateSchedulerRefusesAScheduledRate() {
    try (Model model = Fixtures.regression(new SGD(new ExponentialDecay(0.1, 4, 0.5)))) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> model.fit(X, Y, f -> f.epochs(2).verbose(0)
          .callbacks(new LearningRateScheduler(epoch -> 0.01))));
      assertTrue(messages(e).contains("a schedule used where a fixed rate is required"), messages(e));
    }
  }

  @Test
  void theLoggedRateFollowsTheSchedule() {
    // 64 samples, batch 32: 2 steps per epoch; learning_rate is logged at each epoch's end.
    try (Model model = Fixtures.regression(new SGD(new ExponentialDecay(0.1, 4, 0.5)))) {
      History history = model.fit(X, Y, f -> f.epochs(3).batchSize(32).verbose(0)
          .callbacks(new ReduceLROnPlateau().patience(100)));
      var rates = history.history().get("learning_rate");
      for (int epoch = 0; epoch < 3; epoch++) {
        assertEquals(0.1 * Math.pow(0.5, 2.0 * (epoch + 1) / 4), rates.get(epoch), 1e-7, "epoch " + epoch);
      }
    }
  }
}
