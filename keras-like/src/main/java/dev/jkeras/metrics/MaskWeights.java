package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/**
 * Folds a prediction's mask into sample weights, as Keras's {@code apply_mask} with the
 * {@code "sum"} reduction that metrics use: the mask as 0/1 floats, times the sample weights
 * (brought to the mask's rank) when there are any.
 */
final class MaskWeights {
  private MaskWeights() {}

  /** {@code sampleWeight} (maybe null) weighted by {@code mask} (maybe null); null when both are. */
  static KerasTensor apply(KerasTensor sampleWeight, KerasTensor mask) {
    if (mask == null) {
      return sampleWeight;
    }
    KerasTensor weights = Ops.cast(mask, DType.FLOAT32);
    if (sampleWeight == null) {
      return weights;
    }
    KerasTensor sample = Ops.cast(sampleWeight, DType.FLOAT32);
    if (sample.rank() == weights.rank() + 1 && sample.shape().get(-1) == 1) {
      sample = Ops.squeeze(sample, -1);
    }
    while (sample.rank() < weights.rank()) {
      sample = Ops.expandDims(sample, -1);
    }
    return Ops.multiply(weights, sample);
  }
}
