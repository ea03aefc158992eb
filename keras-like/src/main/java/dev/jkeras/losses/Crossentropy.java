package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;

/** The cross-entropy formulas the losses share, composed from ops that have gradients in TensorFlow. */
final class Crossentropy {
  private Crossentropy() {}

  /**
   * {@code -sum(target * log p)} over the last axis. Probabilities computed by a softmax are taken
   * from its logits, as Keras's TensorFlow backend does; other probabilities are normalized and
   * clipped to [1e-7, 1 - 1e-7].
   */
  static KerasTensor categorical(KerasTensor target, KerasTensor output, boolean fromLogits) {
    KerasTensor logProbabilities;
    java.util.Optional<KerasTensor> logits = fromLogits ? java.util.Optional.of(output)
        : Backends.get().nn().softmaxLogits(output);
    if (logits.isPresent()) {
      logProbabilities = Ops.logSoftmax(logits.get(), -1);
    } else {
      KerasTensor normalized = Ops.divide(output, Ops.sum(output, new int[] {-1}, true));
      logProbabilities = Ops.log(Ops.clip(normalized, Loss.EPSILON, 1 - Loss.EPSILON));
    }
    return Ops.negative(Ops.sum(Ops.multiply(target, logProbabilities), -1));
  }

  /** Fails unless a saved config asks for what jkeras's cross-entropies do: no label smoothing, the last axis. */
  static void requireDefaults(dev.jkeras.saving.Config config, String loss) {
    double smoothing = config.getDouble("label_smoothing", 0.0);
    int axis = config.getInt("axis", -1);
    if (smoothing != 0.0 || axis != -1) {
      throw new IllegalArgumentException(loss + "(label_smoothing=" + smoothing + ", axis=" + axis + ") is not "
          + "supported: jkeras computes cross-entropy over the last axis without label smoothing. Smooth the targets "
          + "before fit (y * (1 - s) + s / classes), or move the class axis last.");
    }
  }

  /**
   * {@code config} with the options Keras's binary and categorical cross-entropies save: {@code from_logits},
   * and the defaults of those jkeras lacks ({@code label_smoothing}, {@code axis}), which {@link
   * #requireDefaults} checks on load.
   */
  static java.util.Map<String, Object> withOptions(java.util.Map<String, Object> config, boolean fromLogits) {
    config.put("from_logits", fromLogits);
    config.put("label_smoothing", 0.0);
    config.put("axis", -1);
    return config;
  }

  /** Element-wise binary cross-entropy, averaged over the last axis; sigmoid outputs use their logits. */
  static KerasTensor binary(KerasTensor target, KerasTensor probabilitiesOrLogits, boolean fromLogits) {
    java.util.Optional<KerasTensor> logits = fromLogits ? java.util.Optional.of(probabilitiesOrLogits)
        : Backends.get().nn().sigmoidLogits(probabilitiesOrLogits);
    KerasTensor output = logits.orElse(probabilitiesOrLogits);
    KerasTensor elementwise;
    if (logits.isPresent()) {
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
