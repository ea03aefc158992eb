package dev.jkeras.models;

import java.util.Objects;

/**
 * The keyword arguments of {@code predict}: {@code p -> p.batchSize(64).verbose(0).training(true)},
 * or a kept {@code PredictOptions.defaults().verbose(0)}. Immutable: every setter returns a new object.
 */
public final class PredictOptions extends LoopOptions<PredictOptions> {
  private static final PredictOptions DEFAULTS = new PredictOptions();

  private boolean training;
  private int steps;

  private PredictOptions() {}

  private PredictOptions(PredictOptions other) {
    super(other);
    training = other.training;
    steps = other.steps;
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


  /** The number of batches to run from a dataset (Keras's {@code steps}); 0 (the default) runs until it ends. */
  public PredictOptions steps(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be positive (or 0 for the whole dataset), got " + steps);
    }
    return with(copy -> copy.steps = steps);
  }

  /** The batches to run from a dataset; 0: all. */
  public int steps() {
    return steps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictOptions other && sameLoopOptions(other) && training == other.training
        && steps == other.steps;
  }

  @Override
  public int hashCode() {
    return Objects.hash(loopOptionsHash(), training, steps);
  }

  @Override
  public String toString() {
    return "PredictOptions[" + loopOptionsString() + ", training=" + training + (steps == 0 ? "" : ", steps=" + steps) + "]";
  }
}
