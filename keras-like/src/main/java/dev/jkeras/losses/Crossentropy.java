package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;
import java.util.Optional;

/** The cross-entropy formulas the losses share, composed from ops that have gradients in TensorFlow. */
final class Crossentropy {
  private Crossentropy() {}

  /**
   * {@code -sum(target * log p)} over {@code axis}. Probabilities computed by a softmax are taken
   * from its logits, as Keras's TensorFlow backend does; other probabilities are normalized and
   * clipped to [1e-7, 1 - 1e-7].
   */
  static KerasTensor categorical(KerasTensor target, KerasTensor output, boolean fromLogits, int axis) {
    int along = output.shape().normalizeAxis(axis);
    if (along != output.rank() - 1) {
      return categorical(Ops.moveaxis(target, along, -1), Ops.moveaxis(output, along, -1), fromLogits, -1);
    }
    KerasTensor logProbabilities;
    Optional<KerasTensor> logits = fromLogits ? Optional.of(output) : Backends.get().nn().softmaxLogits(output);
    if (logits.isPresent()) {
      logProbabilities = Ops.logSoftmax(logits.get(), -1);
    } else {
      KerasTensor normalized = Ops.divide(output, Ops.sum(output, new int[] {-1}, true));
      logProbabilities = Ops.log(Ops.clip(normalized, Loss.EPSILON, 1 - Loss.EPSILON));
    }
    return Ops.negative(Ops.sum(Ops.multiply(target, logProbabilities), -1));
  }

  static KerasTensor categorical(KerasTensor target, KerasTensor output, boolean fromLogits) {
    return categorical(target, output, fromLogits, -1);
  }

  /** Keras's label smoothing of one-hot targets: {@code y * (1 - s) + s / classes}, classes the last axis's size. */
  static KerasTensor smoothCategorical(KerasTensor target, double smoothing) {
    if (smoothing == 0) {
      return target;
    }
    KerasTensor classes = Ops.cast(Ops.take(Ops.shape(target), Ops.scalar(target.rank() - 1, dev.jkeras.DType.INT32)),
        target.dtype());
    return Ops.add(Ops.multiply(target, 1 - smoothing), Ops.divide(Ops.scalar(smoothing, target.dtype()), classes));
  }

  /** Keras's label smoothing of binary targets: {@code y * (1 - s) + s / 2}. */
  static KerasTensor smoothBinary(KerasTensor target, double smoothing) {
    return smoothing == 0 ? target : Ops.add(Ops.multiply(target, 1 - smoothing), 0.5 * smoothing);
  }

  /** Fails unless {@code smoothing} is a fraction in [0, 1]. */
  static double checkSmoothing(String loss, double smoothing) {
    if (!(smoothing >= 0 && smoothing <= 1)) {
      throw new IllegalArgumentException(loss + " label_smoothing must be in [0, 1], got " + smoothing);
    }
    return smoothing;
  }

  /** Binary cross-entropy averaged over {@code axis}; sigmoid outputs use their logits. */
  static KerasTensor binary(KerasTensor target, KerasTensor probabilitiesOrLogits, boolean fromLogits, int axis) {
    return Ops.mean(binaryElementwise(target, probabilitiesOrLogits, fromLogits), axis);
  }

  static KerasTensor binary(KerasTensor target, KerasTensor probabilitiesOrLogits, boolean fromLogits) {
    return binary(target, probabilitiesOrLogits, fromLogits, -1);
  }

  /** Element-wise binary cross-entropy; sigmoid outputs use their logits. */
  static KerasTensor binaryElementwise(KerasTensor target, KerasTensor probabilitiesOrLogits, boolean fromLogits) {
    Optional<KerasTensor> logits = fromLogits ? Optional.of(probabilitiesOrLogits)
        : Backends.get().nn().sigmoidLogits(probabilitiesOrLogits);
    KerasTensor output = logits.orElse(probabilitiesOrLogits);
    if (logits.isPresent()) {
      // max(x, 0) - x * z + log(1 + exp(-|x|)), stable for any logit x.
      KerasTensor positive = Ops.maximum(output, 0);
      KerasTensor softplusNegAbs = Ops.log1p(Ops.exp(Ops.negative(Ops.abs(output))));
      return Ops.add(Ops.subtract(positive, Ops.multiply(output, target)), softplusNegAbs);
    }
    KerasTensor p = Ops.clip(output, Loss.EPSILON, 1 - Loss.EPSILON);
    KerasTensor positives = Ops.multiply(target, Ops.log(p));
    KerasTensor negatives = Ops.multiply(Ops.subtract(1, target), Ops.log(Ops.subtract(1, p)));
    return Ops.negative(Ops.add(positives, negatives));
  }
}
