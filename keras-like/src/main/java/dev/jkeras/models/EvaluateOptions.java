package dev.jkeras.models;

import org.tensorflow.ndarray.NdArray;

/** The keyword arguments of {@code evaluate}: {@code e -> e.batchSize(64).verbose(0)}. */
public final class EvaluateOptions extends LoopOptions<EvaluateOptions> {
  private NdArray<?> sampleWeight;

  EvaluateOptions() {}

  /** One weight per sample (shape {@code (n,)}) for the loss and weighted metrics, as Keras's {@code sample_weight}. */
  public EvaluateOptions sampleWeight(NdArray<?> sampleWeight) {
    if (sampleWeight == null) {
      throw new IllegalArgumentException("sampleWeight must not be null");
    }
    this.sampleWeight = sampleWeight;
    return this;
  }

  NdArray<?> sampleWeight() {
    return sampleWeight;
  }
}
