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
  private final boolean perLabel;

  private ConfusionMatrix(KerasTensor labels, KerasTensor predictions, KerasTensor weights, boolean perLabel) {
    this.labels = labels;
    this.predictions = predictions;
    this.weights = weights;
    this.perLabel = perLabel;
  }

  /**
   * Keras's {@code multi_label=True}: targets and predictions of shape {@code (batch, labels)} kept
   * apart per label, so {@link #counts} gives counts of shape {@code (thresholds, labels)}.
   */
  static ConfusionMatrix perLabel(String metric, KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    KerasTensor pred = Ops.cast(yPred, DType.FLOAT32);
    KerasTensor label = Ops.cast(yTrue, DType.FLOAT32);
    if (pred.rank() != 2 || label.rank() != 2 || (label.shape().get(-1) != pred.shape().get(-1)
        && label.shape().get(-1) != Shape.UNKNOWN && pred.shape().get(-1) != Shape.UNKNOWN)) {
      throw new IllegalArgumentException("Metric '" + metric + "' with multi_label expected targets and "
          + "predictions of shape (batch, labels), got targets " + yTrue.shape() + " and predictions " + yPred.shape());
    }
    KerasTensor weights = sampleWeight == null ? null : Ops.reshape(Ops.cast(sampleWeight, DType.FLOAT32), -1, 1);
    return new ConfusionMatrix(Ops.notEqual(label, Ops.scalar(0, DType.FLOAT32)), pred, weights, true);
  }

  /**
   * As {@link #of(String, KerasTensor, KerasTensor, KerasTensor, int, int)} with each decision of label
   * {@code j} (the last axis) also weighted by {@code labelWeights[j]} (null for none), as Keras's
   * {@code label_weights}.
   */
  static ConfusionMatrix of(String metric, KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight,
      double[] labelWeights) {
    ConfusionMatrix plain = of(metric, yTrue, yPred, sampleWeight, 0, -1);
    if (labelWeights == null) {
      return plain;
    }
    long labels = yPred.rank() == 0 ? 1 : yPred.shape().get(-1);
    if (labels != labelWeights.length) {
      throw new IllegalArgumentException("Metric '" + metric + "' has " + labelWeights.length + " label_weights "
          + "but the predictions have " + labels + " labels (shape " + yPred.shape() + ")");
    }
    float[] row = new float[labelWeights.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) labelWeights[i];
    }
    KerasTensor perDecision = Ops.reshape(Ops.add(Ops.zeros(Ops.shape(yPred), DType.FLOAT32),
        Ops.convertToTensor(NdArrays.vectorOf(row))), 1, -1);
    KerasTensor weights = plain.weights == null ? perDecision : Ops.multiply(plain.weights, perDecision);
    return new ConfusionMatrix(plain.labels, plain.predictions, weights, false);
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
        Ops.reshape(pred, 1, -1), weights, false);
  }

  /**
   * Per threshold (shape {@code (thresholds,)}, or {@code (thresholds, labels)} {@link #perLabel}): the
   * weighted count of samples with these outcomes.
   */
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
    KerasTensor thresholdTensor = Ops.convertToTensor(NdArrays.vectorOf(values));
    if (perLabel) {
      return Ops.greater(Ops.expandDims(predictions, 0), Ops.reshape(thresholdTensor, -1, 1, 1));
    }
    return Ops.greater(predictions, Ops.reshape(thresholdTensor, -1, 1));
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
