package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's {@code update_confusion_matrix_variables}: the weighted counts of true/false
 * positives/negatives of one batch at each decision threshold, for Precision, Recall and AUC.
 */
final class ConfusionMatrix {
  /** Keras's stand-in for minus infinity: what {@code top_k} filtering gives the other classes. */
  static final double NEG_INF = -1e10;

  private final KerasTensor labels;
  private final KerasTensor predictions;
  private final KerasTensor weights;

  private ConfusionMatrix(KerasTensor labels, KerasTensor predictions, KerasTensor weights) {
    this.labels = labels;
    this.predictions = predictions;
    this.weights = weights;
  }

  /**
   * Targets (any non-zero value is positive) and predictions of one batch, flattened to one row of
   * decisions; {@code topK} (0 for none) keeps each sample's k largest predictions, {@code classId}
   * (-1 for none) keeps one class, as Keras applies them.
   */
  static ConfusionMatrix of(String metric, KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight,
      int topK, int classId) {
    KerasTensor pred = Ops.cast(yPred, DType.FLOAT32);
    KerasTensor label = Ops.cast(yTrue, DType.FLOAT32);
    if (label.rank() == pred.rank() - 1) {
      label = Ops.expandDims(label, -1);
    } else if (label.rank() == pred.rank() + 1 && label.shape().get(-1) == 1) {
      label = Ops.squeeze(label, -1);
    }
    if (label.rank() != pred.rank() || (pred.rank() > 1 && label.shape().get(-1) != pred.shape().get(-1)
        && label.shape().get(-1) != Shape.UNKNOWN && pred.shape().get(-1) != Shape.UNKNOWN)) {
      throw new IllegalArgumentException("Metric '" + metric + "' expected targets of the predictions' shape "
          + pred.shape() + ", got " + yTrue.shape());
    }
    if (topK > 0) {
      pred = filterTopK(metric, pred, topK);
    }
    if (classId >= 0) {
      if (pred.rank() < 2) {
        throw new IllegalArgumentException("Metric '" + metric + "' with classId needs predictions of shape "
            + "(batch, classes), got " + pred.shape());
      }
      long classes = pred.shape().get(-1);
      if (classes != Shape.UNKNOWN && classId >= classes) {
        throw new IllegalArgumentException("Metric '" + metric + "' has classId " + classId
            + " but the predictions have only " + classes + " classes (shape " + pred.shape() + ")");
      }
      KerasTensor column = oneHotRow(classId, (int) classes);
      pred = Ops.sum(Ops.multiply(pred, column), new int[] {-1}, true);
      label = Ops.sum(Ops.multiply(label, column), new int[] {-1}, true);
    }
    long perSample = 1;
    for (int axis = 1; axis < pred.rank(); axis++) {
      perSample *= pred.shape().get(axis);
    }
    KerasTensor weights = null;
    if (sampleWeight != null) {
      weights = Ops.reshape(Ops.cast(sampleWeight, DType.FLOAT32), -1, 1);
      if (perSample > 1) {
        weights = Ops.matmul(weights, Ops.ones(Shape.of(1, perSample), DType.FLOAT32));
      }
      weights = Ops.reshape(weights, 1, -1);
    }
    return new ConfusionMatrix(Ops.notEqual(Ops.reshape(label, 1, -1), Ops.scalar(0, DType.FLOAT32)),
        Ops.reshape(pred, 1, -1), weights);
  }

  /** Per threshold (shape {@code (thresholds,)}): the weighted count of samples with these outcomes. */
  private KerasTensor count(KerasTensor labelCondition, KerasTensor predictionCondition) {
    KerasTensor hits = Ops.cast(Ops.logicalAnd(labelCondition, predictionCondition), DType.FLOAT32);
    if (weights != null) {
      hits = Ops.multiply(hits, weights);
    }
    return Ops.sum(hits, 1);
  }

  /** {@code prediction > threshold} for each threshold (rows) and decision (columns). */
  private KerasTensor predictedPositive(double[] thresholds) {
    float[] values = new float[thresholds.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) thresholds[i];
    }
    KerasTensor column = Ops.reshape(Ops.convertToTensor(NdArrays.vectorOf(values)), -1, 1);
    return Ops.greater(predictions, column);
  }

  /** The true positives, false positives, true negatives and false negatives at each threshold. */
  KerasTensor[] counts(double[] thresholds) {
    KerasTensor predPos = predictedPositive(thresholds);
    KerasTensor predNeg = Ops.logicalNot(predPos);
    KerasTensor labelNeg = Ops.logicalNot(labels);
    return new KerasTensor[] {count(labels, predPos), count(labelNeg, predPos), count(labelNeg, predNeg),
        count(labels, predNeg)};
  }

  /** A row of zeros with a one at {@code index}. */
  static KerasTensor oneHotRow(int index, int length) {
    float[] row = new float[length];
    row[index] = 1f;
    return Ops.convertToTensor(NdArrays.vectorOf(row));
  }

  /**
   * Keras's {@code _filter_top_k}: the k largest values of the last axis kept, the others set to
   * {@link #NEG_INF}; among equal values the earlier ones count as larger, as {@code top_k} orders them.
   */
  static KerasTensor filterTopK(String metric, KerasTensor x, int k) {
    long classes = x.shape().get(-1);
    if (x.rank() < 1 || classes == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Metric '" + metric + "' with topK needs predictions with a known "
          + "last dimension, got " + x.shape());
    }
    int c = (int) classes;
    KerasTensor self = Ops.expandDims(x, -1);
    KerasTensor other = Ops.expandDims(x, -2);
    float[] before = new float[c * c];
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < i; j++) {
        before[i * c + j] = 1f;
      }
    }
    KerasTensor earlier = Ops.reshape(Ops.convertToTensor(NdArrays.vectorOf(before)), c, c);
    KerasTensor ahead = Ops.add(Ops.cast(Ops.greater(other, self), DType.FLOAT32),
        Ops.multiply(Ops.cast(Ops.equal(other, self), DType.FLOAT32), earlier));
    KerasTensor rank = Ops.sum(ahead, -1);
    KerasTensor keep = Ops.cast(Ops.less(rank, k), DType.FLOAT32);
    return Ops.add(Ops.multiply(x, keep), Ops.multiply(Ops.subtract(1.0, keep), NEG_INF));
  }
}
