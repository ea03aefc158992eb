package dev.jkeras.models;

import java.util.Objects;

/**
 * The keyword arguments of {@code predict}: {@code p -> p.batchSize(64).verbose(0).training(true)},
 * or a kept {@code PredictOptions.defaults().verbose(0)}. Immutable: every setter returns a new object.
 */
public final class PredictOptions extends LoopOptions<PredictOptions> {
  private static final PredictOptions DEFAULTS = new PredictOptions();

  private boolean training;

  private PredictOptions() {}

  private PredictOptions(PredictOptions other) {
    super(other);
    training = other.training;
  }

  /** Keras's defaults: batches of 32, progress bar, inference mode. */
  public static PredictOptions defaults() {
    return DEFAULTS;
  }

  @Override
  PredictOptions copy() {
    return new PredictOptions(this);
  }

  /**
   * Runs the layers in training mode, as Keras's {@code model(x, training=True)}: dropout stays
   * active, for Monte Carlo dropout.
   */
  public PredictOptions training(boolean training) {
    return with(copy -> copy.training = training);
  }

  /** Whether the layers run in training mode (false by default). */
  public boolean training() {
    return training;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictOptions other && sameLoopOptions(other) && training == other.training;
  }

  @Override
  public int hashCode() {
    return Objects.hash(loopOptionsHash(), training);
  }

  @Override
  public String toString() {
    return "PredictOptions[" + loopOptionsString() + ", training=" + training + "]";
  }
}
