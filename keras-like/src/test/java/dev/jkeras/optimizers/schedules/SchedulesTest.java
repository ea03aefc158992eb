package dev.jkeras.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.saving.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Schedules beyond what {@code OptimizerConformanceTest} checks against real Keras (values, configs):
 * serialization round trips, config key order, OneCycle (jkeras's own, with no Keras judge) and errors.
 */
class SchedulesTest {
  private static final long[] STEPS = {0, 1, 5, 9, 10, 11, 20, 25, 99, 100, 101, 1000};

  private static void assertFollows(LongToDoubleFunction formula, LearningRateSchedule schedule) {
    for (long step : STEPS) {
      double expected = formula.applyAsDouble(step);
      assertEquals(expected, schedule.valueAt(step), 1e-6 * Math.max(Math.abs(expected), 1e-3),
          schedule + " at step " + step);
    }
    assertRoundTrips(schedule);
  }

  /** The config rebuilds the same schedule, under Keras's module and class name (values: OptimizerConformanceTest). */
  private static void assertRoundTrips(LearningRateSchedule schedule) {
    Map<String, Object> saved = Serialization.serialize(schedule);
    assertEquals("keras.optimizers.schedules", saved.get("module"));
    assertEquals(schedule.getClass().getSimpleName(), saved.get("class_name"));
    LearningRateSchedule loaded = Serialization.deserialize(saved, LearningRateSchedule.class);
    assertEquals(schedule.getConfig(), loaded.getConfig());
    for (long step : STEPS) {
      assertEquals(schedule.valueAt(step), loaded.valueAt(step), 0.0, "reloaded at " + step);
    }
  }

  @Test
  void kerasSchedulesRoundTrip() {
    for (LearningRateSchedule schedule : List.of(new ExponentialDecay(0.01, 10, 0.5, true),
        new PiecewiseConstantDecay(new long[] {10, 100}, new double[] {1.0, 0.5, 0.1}),
        new InverseTimeDecay(0.1, 10, 0.5, true), new PolynomialDecay(0.1, 20).endLearningRate(0.01).power(0.5).cycle(true),
        new CosineDecay(0.0, 90).alpha(0.1).warmupTarget(0.1).warmupSteps(10))) {
      assertRoundTrips(schedule);
    }
  }

  @Test
  void configs() {
    assertEquals(Map.of("initial_learning_rate", 0.01, "decay_steps", 10L, "decay_rate", 0.5, "staircase", true,
        "name", "ExponentialDecay"), new ExponentialDecay(0.01, 10, 0.5).staircase(true).getConfig());
    assertEquals("PiecewiseConstant", new PiecewiseConstantDecay(new long[] {5}, new double[] {1, 2}).name());
    Map<String, Object> config = new CosineDecay(0.0, 90).warmupTarget(0.1).warmupSteps(10).getConfig();
    assertEquals(List.of("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"),
        List.copyOf(config.keySet()));
    assertEquals(null, new CosineDecay(0.1, 5).getConfig().get("warmup_target"));
  }

  @Test
  void oneCycle() {
    // 100 steps, max 0.1: start 0.01; last 11 steps; half cycle (100 - 11) / 2 = 44.
    OneCycle schedule = new OneCycle(100, 0.1);
    assertEquals(44, schedule.halfCycle());
    assertFollows(s -> {
      double step = Math.min(s, 100);
      if (step < 44) {
        return 0.01 + (0.1 - 0.01) * step / 44;
      }
      if (step < 88) {
        return 0.1 + (0.01 - 0.1) * (step - 44) / 44;
      }
      return 0.01 + (1e-5 - 0.01) * (step - 88) / 12;
    }, schedule);
    assertEquals(0.01, schedule.valueAt(0), 1e-9);
    assertEquals(0.1, schedule.valueAt(44), 1e-8);
    assertEquals(1e-5, schedule.valueAt(100), 1e-10);
  }

  @Test
  void badArgumentsAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5));
    assertTrue(e.getMessage().contains("decay_steps"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PolynomialDecay(0.1, -1));
    assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new InverseTimeDecay(0.1, 0, 1));
    e = assertThrows(IllegalArgumentException.class,
        () -> new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("1 less than"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OneCycle(1, 0.1));
  }
}
