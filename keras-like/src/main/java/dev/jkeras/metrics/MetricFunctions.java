package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** The per-sample formulas of Keras's built-in metrics. */
public final class MetricFunctions {
  private MetricFunctions() {}

  /**
   * Keras's {@code squeeze_or_expand_to_same_rank(x1, x2)}: when the ranks differ by one and the longer
   * array ends in an axis of size 1, that axis is dropped, or, when the other array has rank 1, the other
   * gains one. Returns {@code {x1, x2}}.
   */
  public static KerasTensor[] sameRank(KerasTensor x1, KerasTensor x2) {
    if (x1.rank() == x2.rank() + 1 && x1.shape().get(-1) == 1) {
      return x2.rank() == 1 ? new KerasTensor[] {x1, Ops.expandDims(x2, -1)}
          : new KerasTensor[] {Ops.squeeze(x1, -1), x2};
    }
    if (x2.rank() == x1.rank() + 1 && x2.shape().get(-1) == 1) {
      return x1.rank() == 1 ? new KerasTensor[] {Ops.expandDims(x1, -1), x2}
          : new KerasTensor[] {x1, Ops.squeeze(x2, -1)};
    }
    return new KerasTensor[] {x1, x2};
  }

  /** 1 where {@code yPred > threshold} equals the 0/1 target, else 0. */
  public static KerasTensor binaryAccuracy(KerasTensor yTrue, KerasTensor yPred, double threshold) {
    KerasTensor[] same = sameRank(Ops.cast(yTrue, DType.FLOAT32), yPred);
    KerasTensor target = same[0];
    KerasTensor predicted = Ops.cast(Ops.greater(same[1], threshold), DType.FLOAT32);
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

  /**
   * 1 where the label's prediction is among the {@code k} largest of its row, as TensorFlow's
   * {@code in_top_k} decides it: fewer than {@code k} classes score strictly higher.
   */
  public static KerasTensor inTopK(KerasTensor labels, KerasTensor yPred, int k) {
    long classes = yPred.shape().get(-1);
    if (yPred.rank() != 2 || classes == dev.jkeras.Shape.UNKNOWN) {
      throw new IllegalArgumentException("Top-k accuracy expected predictions of shape (batch, classes), got "
          + yPred.shape());
    }
    KerasTensor scores = Ops.cast(yPred, DType.FLOAT32);
    KerasTensor oneHot = Ops.oneHot(Ops.cast(labels, DType.INT32), (int) classes, DType.FLOAT32);
    KerasTensor labelScore = Ops.sum(Ops.multiply(scores, oneHot), new int[] {-1}, true);
    KerasTensor higher = Ops.sum(Ops.cast(Ops.greater(scores, labelScore), DType.FLOAT32), -1);
    return Ops.cast(Ops.less(higher, k), DType.FLOAT32);
  }

  /** 1 where the integer label is among the {@code k} highest predictions. */
  public static KerasTensor sparseTopKCategoricalAccuracy(KerasTensor yTrue, KerasTensor yPred, int k) {
    KerasTensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.shape().get(-1) == 1) {
      labels = Ops.squeeze(labels, -1);
    }
    return inTopK(labels, yPred, k);
  }

  /** 1 where the arg-max of the one-hot target is among the {@code k} highest predictions. */
  public static KerasTensor topKCategoricalAccuracy(KerasTensor yTrue, KerasTensor yPred, int k) {
    return inTopK(Ops.argmax(yTrue, -1), yPred, k);
  }

  /** {@code 100 * mean(|yTrue - yPred| / max(|yTrue|, epsilon))} over the last axis. */
  public static KerasTensor meanAbsolutePercentageError(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor[] same = sameRank(Ops.cast(yTrue, DType.FLOAT32), Ops.cast(yPred, DType.FLOAT32));
    KerasTensor target = same[0];
    KerasTensor pred = same[1];
    KerasTensor diff = Ops.abs(Ops.divide(Ops.subtract(target, pred), Ops.maximum(Ops.abs(target), 1e-7)));
    return Ops.multiply(Ops.mean(diff, -1), 100.0);
  }
}
