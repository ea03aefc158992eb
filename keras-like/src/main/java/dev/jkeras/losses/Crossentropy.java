package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** The cross-entropy formulas the losses share, composed from ops that have gradients in TensorFlow. */
final class Crossentropy {
  private Crossentropy() {}

  /** {@code -sum(target * log p)} over the last axis, with Keras's normalizing and clipping of p. */
  static KerasTensor categorical(KerasTensor target, KerasTensor output, boolean fromLogits) {
    KerasTensor logProbabilities;
    if (fromLogits) {
      logProbabilities = Ops.logSoftmax(output, -1);
    } else {
      KerasTensor normalized = Ops.divide(output, Ops.sum(output, new int[] {-1}, true));
      logProbabilities = Ops.log(Ops.clip(normalized, Loss.EPSILON, 1 - Loss.EPSILON));
    }
    return Ops.negative(Ops.sum(Ops.multiply(target, logProbabilities), -1));
  }

  /** Element-wise binary cross-entropy, averaged over the last axis. */
  static KerasTensor binary(KerasTensor target, KerasTensor output, boolean fromLogits) {
    KerasTensor elementwise;
    if (fromLogits) {
      // max(x, 0) - x * z + log(1 + exp(-|x|)), stable for any logit x.
      KerasTensor positive = Ops.maximum(output, 0);
      KerasTensor softplusNegAbs = Ops.log1p(Ops.exp(Ops.negative(Ops.abs(output))));
      elementwise = Ops.add(Ops.subtract(positive, Ops.multiply(output, target)), softplusNegAbs);
    } else {
      KerasTensor p = Ops.clip(output, Loss.EPSILON, 1 - Loss.EPSILON);
      KerasTensor positives = Ops.multiply(target, Ops.log(p));
      KerasTensor negatives = Ops.multiply(Ops.subtract(1, target), Ops.log(Ops.subtract(1, p)));
      elementwise = Ops.negative(Ops.add(positives, negatives));
    }
    return Ops.mean(elementwise, -1);
  }
}
