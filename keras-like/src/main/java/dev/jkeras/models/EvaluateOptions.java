package dev.jkeras.models;

import java.util.Objects;
import org.tensorflow.ndarray.NdArray;

/**
 * The keyword arguments of {@code evaluate}: {@code e -> e.batchSize(64).verbose(0)}, or a kept
 * {@code EvaluateOptions.defaults().verbose(0)}. Immutable: every setter returns a new object.
 */
public final class EvaluateOptions extends LoopOptions<EvaluateOptions> {
  private static final EvaluateOptions DEFAULTS = new EvaluateOptions();

  private NdArray<?> sampleWeight;
  private int steps;

  private EvaluateOptions() {}

  private EvaluateOptions(EvaluateOptions other) {
    super(other);
    sampleWeight = other.sampleWeight;
    steps = other.steps;
  }

  /** Keras's defaults: batches of 32, progress bar, unweighted. */
  public static EvaluateOptions defaults() {
    return DEFAULTS;
  }

  @Override
  EvaluateOptions copy() {
    return new EvaluateOptions(this);
  }

  /** One weight per sample (shape {@code (n,)}) for the loss and weighted metrics, as Keras's {@code sample_weight}. */
  public EvaluateOptions sampleWeight(NdArray<?> sampleWeight) {
    if (sampleWeight == null) {
      throw new IllegalArgumentException("sampleWeight must not be null");
    }
    return with(copy -> copy.sampleWeight = sampleWeight);
  }

  /** The per-sample weights, or null. */
  public NdArray<?> sampleWeight() {
    return sampleWeight;
  }


  /** The number of batches to run from a dataset (Keras's {@code steps}); 0 (the default) runs until it ends. */
  public EvaluateOptions steps(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be positive (or 0 for the whole dataset), got " + steps);
    }
    return with(copy -> copy.steps = steps);
  }

  /** The batches to run from a dataset; 0: all. */
  public int steps() {
    return steps;
  }

  /** Equal when every option is equal; the sample weights are compared by identity. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluateOptions other && sameLoopOptions(other) && same(sampleWeight, other.sampleWeight)
        && steps == other.steps;
  }

  @Override
  public int hashCode() {
    return Objects.hash(loopOptionsHash(), identityHash(sampleWeight), steps);
  }

  @Override
  public String toString() {
    return "EvaluateOptions[" + loopOptionsString() + ", sampleWeight=" + describe(sampleWeight)
        + (steps == 0 ? "" : ", steps=" + steps) + "]";
  }
}
