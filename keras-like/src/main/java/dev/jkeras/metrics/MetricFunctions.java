package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** The per-sample formulas of Keras's built-in metrics. */
public final class MetricFunctions {
  private MetricFunctions() {}

  /** 1 where {@code yPred > threshold} equals the 0/1 target, else 0. */
  public static KerasTensor binaryAccuracy(KerasTensor yTrue, KerasTensor yPred, double threshold) {
    KerasTensor predicted = Ops.cast(Ops.greater(yPred, threshold), DType.FLOAT32);
    KerasTensor target = Ops.cast(yTrue, DType.FLOAT32);
    if (target.rank() == predicted.rank() - 1) {
      target = Ops.expandDims(target, -1);
    }
    return Ops.cast(Ops.equal(target, predicted), DType.FLOAT32);
  }

  /** 1 where the arg-max of the prediction equals the integer label. */
  public static KerasTensor sparseCategoricalAccuracy(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.shape().get(-1) == 1) {
      labels = Ops.squeeze(labels, -1);
    }
    KerasTensor predicted = Ops.cast(Ops.argmax(yPred, -1), DType.FLOAT32);
    return Ops.cast(Ops.equal(Ops.cast(labels, DType.FLOAT32), predicted), DType.FLOAT32);
  }

  /** 1 where the arg-max of the prediction equals that of the one-hot target. */
  public static KerasTensor categoricalAccuracy(KerasTensor yTrue, KerasTensor yPred) {
    return Ops.cast(Ops.equal(Ops.argmax(yTrue, -1), Ops.argmax(yPred, -1)), DType.FLOAT32);
  }
}
