package dev.jkeras.optimization.sparsity;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.Map;

/**
 * When a layer's weights are pruned and to what sparsity (the fraction of zeros), by training step,
 * as the TensorFlow Model Optimization toolkit's {@code tfmot.sparsity.keras.PruningSchedule}.
 * Pruning happens at the steps {@code beginStep, beginStep + frequency, ...} up to {@code endStep}
 * included ({@code -1}: no end, where a schedule allows it).
 *
 * <p>The step is the pruning wrapper's {@code pruning_step}: 1 on the first training batch after
 * {@link UpdatePruningStep} set it to 0, counting batches from there.
 */
public abstract class PruningSchedule {
  private final long beginStep;
  private final long endStep;
  private final long frequency;

  /** Checks the steps as tfmot's {@code _validate_step}; {@code allowNoEnd}: whether {@code endStep} may be -1. */
  protected PruningSchedule(long beginStep, long endStep, long frequency, boolean allowNoEnd) {
    String what = getClass().getSimpleName() + "(beginStep=" + beginStep + ", endStep=" + endStep
        + ", frequency=" + frequency + ")";
    if (beginStep < 0) {
      throw new IllegalArgumentException("begin_step should be >= 0, got " + what + ". Start pruning at step 0 or later.");
    }
    if (!allowNoEnd && endStep == -1) {
      throw new IllegalArgumentException("end_step cannot be -1, got " + what + ": this schedule's sparsity needs "
          + "the step where it ends (e.g. the number of batches of the pruning epochs).");
    }
    if (endStep != -1) {
      if (endStep < 0) {
        throw new IllegalArgumentException("end_step can be -1 or >= 0, got " + what);
      }
      if (endStep < beginStep) {
        throw new IllegalArgumentException("begin_step should be <= end_step if end_step != -1, got " + what
            + ". Swap them, or give a later endStep.");
      }
    }
    if (frequency <= 0) {
      throw new IllegalArgumentException("frequency should be > 0, got " + what + ". Give how many steps apart the "
          + "masks are updated (tfmot's default is 100).");
    }
    this.beginStep = beginStep;
    this.endStep = endStep;
    this.frequency = frequency;
  }

  /** As tfmot's {@code _validate_sparsity}: a sparsity in {@code [0, 1)}. */
  protected static double checkSparsity(double sparsity, String name) {
    if (!(sparsity >= 0.0 && sparsity < 1.0)) {
      throw new IllegalArgumentException(name + " must be in range [0,1), got " + sparsity
          + ". Give the fraction of weights to set to zero, e.g. 0.8 for 80%.");
    }
    return sparsity;
  }

  public long beginStep() {
    return beginStep;
  }

  /** The last step at which masks are updated, or -1 for none. */
  public long endStep() {
    return endStep;
  }

  public long frequency() {
    return frequency;
  }

  /**
   * Whether masks are updated at {@code step}, as tfmot's {@code _should_prune_in_step}:
   * {@code step >= begin && (step <= end || end < 0) && floormod(step - begin, frequency) == 0}.
   */
  public boolean shouldPrune(long step) {
    boolean inRange = step >= beginStep && (step <= endStep || endStep < 0);
    return inRange && Math.floorMod(step - beginStep, frequency) == 0;
  }

  /** The target sparsity at {@code step}, computed in float32 as tfmot's graph computes it. */
  public abstract float sparsity(long step);

  /** {@link #shouldPrune(long)} in the graph being traced, for an int64 scalar {@code step}. */
  public KerasTensor shouldPrune(KerasTensor step) {
    KerasTensor s = Ops.cast(step, DType.FLOAT64);
    KerasTensor afterBegin = Ops.greaterEqual(s, beginStep);
    KerasTensor inRange = endStep < 0 ? afterBegin : Ops.logicalAnd(afterBegin, Ops.lessEqual(s, endStep));
    KerasTensor sinceBegin = Ops.subtract(s, (double) beginStep);
    KerasTensor remainder = Ops.subtract(sinceBegin,
        Ops.multiply(Ops.floor(Ops.divide(sinceBegin, (double) frequency)), (double) frequency));
    return Ops.logicalAnd(inRange, Ops.lessEqual(Ops.abs(remainder), 0.0));
  }

  /** {@link #sparsity(long)} in the graph being traced: a float32 scalar for an int64 scalar {@code step}. */
  public abstract KerasTensor sparsity(KerasTensor step);

  /** The schedule as tfmot serializes it: {@code {"class_name": ..., "config": {...}}}. */
  public abstract Map<String, Object> getConfig();

  /**
   * The schedule {@link #getConfig()} wrote ({@code {"class_name": "PolynomialDecay" | "ConstantSparsity",
   * "config": {...}}}), as tfmot's {@code from_config}; a clear error for anything else.
   */
  public static PruningSchedule deserialize(Object serialized) {
    if (!(serialized instanceof Map<?, ?> map) || !(map.get("config") instanceof Map<?, ?> options)) {
      throw new IllegalArgumentException("A pruning schedule is saved as {\"class_name\": ..., \"config\": {...}}, "
          + "got " + serialized);
    }
    @SuppressWarnings("unchecked")
    dev.jkeras.saving.Config config = new dev.jkeras.saving.Config("pruning_schedule", (Map<String, ?>) options);
    Object name = map.get("class_name");
    if ("PolynomialDecay".equals(name)) {
      return new PolynomialDecay(config.getDouble("initial_sparsity", Double.NaN),
          config.getDouble("final_sparsity", Double.NaN), config.getLong("begin_step", 0),
          config.getLong("end_step", -1), config.getDouble("power", 3), config.getLong("frequency", 100));
    }
    if ("ConstantSparsity".equals(name)) {
      return new ConstantSparsity(config.getDouble("target_sparsity", Double.NaN), config.getLong("begin_step", 0),
          config.getLong("end_step", -1), config.getLong("frequency", 100));
    }
    throw new IllegalArgumentException("Unknown pruning schedule '" + name + "': expected PolynomialDecay or "
        + "ConstantSparsity");
  }
}
