package dev.jkeras.optimization.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The schedules' values by tfmot's formulas, from tensorflow/model-optimization
 * {@code tensorflow_model_optimization/python/core/sparsity/keras/pruning_schedule.py}:
 * <ul>
 *   <li>{@code _should_prune_in_step}: {@code step >= begin and (step <= end or end < 0) and
 *       floormod(step - begin, frequency) == 0};</li>
 *   <li>{@code PolynomialDecay.__call__}: {@code p = min(1, max(0, (step - begin) / (end - begin)))},
 *       {@code sparsity = (initial - final) * (1 - p)^power + final}, in float32;</li>
 *   <li>{@code ConstantSparsity.__call__}: {@code target_sparsity};</li>
 *   <li>{@code _validate_step}, {@code _validate_sparsity}: the errors.</li>
 * </ul>
 */
class PruningScheduleTest {

  /** The formula written out here in float32, independently of the class. */
  private static float polynomial(double initial, double fin, long begin, long end, double power, long step) {
    float p = (float) (step - begin) / (float) (end - begin);
    p = Math.min(1f, Math.max(0f, p));
    return (float) (initial - fin) * (float) Math.pow(1 - p, power) + (float) fin;
  }

  @Test
  void polynomialDecayFollowsTfmotsFormula() {
    PolynomialDecay schedule = new PolynomialDecay(0.0, 0.8, 0, 1000);
    assertEquals(0f, schedule.sparsity(0));
    assertEquals(0.8f, schedule.sparsity(1000));
    assertEquals(0.8f, schedule.sparsity(5000), "p is clipped to 1 after end_step");
    assertEquals(0f, schedule.sparsity(-5), "p is clipped to 0 before begin_step");
    // Halfway: 0.8 - 0.8 * 0.5^3 = 0.7
    assertEquals(0.7f, schedule.sparsity(500), 1e-7f);
    for (long step : new long[] {1, 99, 100, 250, 333, 999}) {
      assertEquals(polynomial(0.0, 0.8, 0, 1000, 3, step), schedule.sparsity(step), 0f, "step " + step);
    }
    PolynomialDecay shifted = new PolynomialDecay(0.5, 0.9, 100, 300, 2, 10);
    // float32 as TensorFlow computes it: (float) (0.5 - 0.9) + 0.9f is 0.49999997, not 0.5.
    assertEquals(polynomial(0.5, 0.9, 100, 300, 2, 100), shifted.sparsity(100), 0f);
    assertEquals(0.5f, shifted.sparsity(100), 1e-7f);
    // (0.5 - 0.9) * (1 - 0.5)^2 + 0.9 = 0.8
    assertEquals(0.8f, shifted.sparsity(200), 1e-7f);
  }

  @Test
  void shouldPruneEveryFrequencyStepsBetweenBeginAndEndIncluded() {
    PolynomialDecay schedule = new PolynomialDecay(0.0, 0.8, 10, 310, 3, 100);
    assertFalse(schedule.shouldPrune(0));
    assertTrue(schedule.shouldPrune(10));
    assertFalse(schedule.shouldPrune(11));
    assertTrue(schedule.shouldPrune(110));
    assertTrue(schedule.shouldPrune(310), "end_step itself is in the pruning range");
    assertFalse(schedule.shouldPrune(410));
    ConstantSparsity forever = new ConstantSparsity(0.5, 0);
    assertTrue(forever.shouldPrune(0));
    assertTrue(forever.shouldPrune(1_000_000), "end_step -1 prunes forever");
    assertFalse(forever.shouldPrune(150));
    assertEquals(0.5f, forever.sparsity(123));
  }

  @Test
  void badArgumentsGiveTfmotsErrors() {
    assertMessage("initial_sparsity must be in range [0,1)", () -> new PolynomialDecay(-0.1, 0.8, 0, 10));
    assertMessage("final_sparsity must be in range [0,1)", () -> new PolynomialDecay(0.0, 1.0, 0, 10));
    assertMessage("target_sparsity must be in range [0,1)", () -> new ConstantSparsity(1.5, 0));
    assertMessage("target_sparsity must be in range [0,1)", () -> new ConstantSparsity(Double.NaN, 0));
    assertMessage("begin_step should be <= end_step if end_step != -1", () -> new PolynomialDecay(0, 0.5, 10, 5));
    assertMessage("begin_step should be <= end_step if end_step != -1", () -> new ConstantSparsity(0.5, 10, 5, 1));
    assertMessage("end_step cannot be -1", () -> new PolynomialDecay(0, 0.5, 0, -1));
    assertMessage("end_step can be -1 or >= 0", () -> new ConstantSparsity(0.5, 0, -7, 1));
    assertMessage("begin_step should be >= 0", () -> new ConstantSparsity(0.5, -1));
    assertMessage("frequency should be > 0", () -> new PolynomialDecay(0, 0.5, 0, 10, 3, 0));
    assertMessage("frequency should be > 0", () -> new ConstantSparsity(0.5, 0, -1, -3));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
