package dev.jkeras.optimizers.schedules;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.KerasSerializable;
import java.util.List;

/**
 * A learning rate that depends on the optimizer's step, as Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}. Give one to an optimizer instead of a
 * fixed rate ({@code new SGD(new ExponentialDecay(0.01, 20, 0.1))}); the rate is then computed in
 * the model's graph from the optimizer's iteration count at every step (0 at the first step, as in
 * Keras), and the optimizer's rate can no longer be set.
 *
 * <p>Subclasses implement {@link #apply(KerasTensor)} with {@link Ops} and serialize like layers:
 * {@link #getConfig()} with Keras's keys and a {@code public static fromConfig(Config)}.
 */
public abstract class LearningRateSchedule implements KerasSerializable {
  private String name;

  protected LearningRateSchedule(String name) {
    this.name = name;
  }

  /** The schedule's name, saved in its config (Keras's {@code name}). */
  public String name() {
    return name;
  }

  /** Sets the name saved in the config. */
  public LearningRateSchedule name(String name) {
    this.name = name;
    return this;
  }

  /**
   * The learning rate at {@code step}, a scalar of any numeric dtype (the optimizer passes its int64
   * iteration count), as a float32 scalar in the current context (a graph being traced, or eager).
   */
  public abstract KerasTensor apply(KerasTensor step);

  /** The learning rate at {@code step}, computed now (in float32, as the graph computes it). */
  public double valueAt(long step) {
    List<?> values = Backends.get().eager(() -> List.of(apply(Ops.scalar(step, DType.INT64))));
    return ((Number) ((org.tensorflow.ndarray.NdArray<?>) values.get(0)).getObject()).doubleValue();
  }

  /** {@code step} as a float32 scalar. */
  protected static KerasTensor floatStep(KerasTensor step) {
    return Ops.cast(step, DType.FLOAT32);
  }

  protected static KerasTensor constant(double value) {
    return Ops.scalar(value, DType.FLOAT32);
  }

  /** A number as Keras writes it in a config: integral values as integers (Python ints). */
  protected static Number jsonNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
  }

  protected static double requirePositive(String owner, String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(owner + ": argument `" + key + "` must be > 0. Received: " + key + "="
          + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + getConfig();
  }
}
