package dev.jkeras.losses;

import dev.jkeras.Shape;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which target shapes a loss or metric takes for a given prediction shape, with the message Keras 3 raises
 * (on its numpy backend) when they do not fit. Every loss and metric names its rule, so one check, run
 * before the first step, covers them all: {@link #violation} gives Keras's sentence, {@link #check} adds
 * where it happened and what to do.
 *
 * <p>Shapes are first brought to the same rank as Keras's {@code squeeze_or_expand_to_same_rank} does
 * (a trailing axis of size 1 is dropped, or a rank-1 array gains one, when the ranks differ by one).
 * Unknown sizes ({@link Shape#UNKNOWN}) fit any size.
 */
public enum TargetRule {
  /** Any shapes (custom losses and metrics, whose rule jkeras cannot know). */
  ANY,
  /** Element-wise, targets and predictions broadcast (mean squared error, mean absolute error, ...). */
  BROADCAST,
  /** As {@link #BROADCAST}, for formulas that start from {@code y_pred - y_true} (Huber, root mean squared error). */
  BROADCAST_PREDICTIONS_FIRST,
  /** The same shape (binary and categorical cross-entropy). */
  SAME_SHAPE,
  /** One integer label per prediction row: the shape of the predictions without their last axis. */
  SPARSE,
  /** As {@link #SPARSE}, for the labels against the arg-max of the predictions (sparse categorical accuracy). */
  SPARSE_LABELS,
  /** One-hot targets against the arg-max of the predictions (categorical accuracy). */
  CATEGORICAL_LABELS,
  /** One-hot targets, one row per prediction row (top-k categorical accuracy). */
  TOP_K,
  /** One integer label per prediction row (sparse top-k categorical accuracy). */
  SPARSE_TOP_K,
  /** As many targets as predictions, one per threshold decision (precision, recall). */
  CONFUSION,
  /** As many targets as predictions, bucketed by threshold (AUC). */
  BUCKETS;

  /** Keras's error for targets of shape {@code yTrue} against predictions of shape {@code yPred}, if any. */
  public Optional<String> violation(Shape yTrue, Shape yPred) {
    Shape[] same = sameRank(yTrue, yPred);
    Shape t = same[0];
    Shape p = same[1];
    return Optional.ofNullable(switch (this) {
      case ANY -> null;
      case BROADCAST -> broadcasts(t, p) ? null : numpyBroadcast(t, p);
      case BROADCAST_PREDICTIONS_FIRST -> broadcasts(t, p) ? null : numpyBroadcast(p, t);
      case SAME_SHAPE -> t.isCompatibleWith(p) ? null : "Arguments `target` and `output` must have the same shape. "
          + "Received: target.shape=" + python(t) + ", output.shape=" + python(p);
      case SPARSE -> sparseViolation(t, yPred);
      case SPARSE_LABELS -> {
        Shape labels = squeezeLast(yTrue, yPred);
        Shape rows = yPred.rank() == 0 ? yPred : yPred.subShape(0, yPred.rank() - 1);
        yield broadcasts(labels, rows) ? null : numpyBroadcast(labels, rows);
      }
      case CATEGORICAL_LABELS -> categoricalViolation(yTrue, yPred);
      case TOP_K -> yTrue.rank() <= 1 ? "too many indices for array: array is 0-dimensional, but 1 were indexed"
          : rowsViolation(yTrue.subShape(0, yTrue.rank() - 1), yPred);
      case SPARSE_TOP_K -> rowsViolation(squeezeLast(yTrue, yPred), yPred);
      case CONFUSION -> sameSize(t, p) ? null : "operands could not be broadcast together with shapes (1," + size(t)
          + ") (1," + size(p) + ")";
      case BUCKETS -> sameSize(t, p) ? null : "Argument `segment_ids` and `data` should have same leading dimension. "
          + "Got (" + size(p) + ",) v.s. (" + size(t) + ",).";
    });
  }

  /**
   * Fails with Keras's message, where it happened ({@code where}, e.g. "mean_squared_error of output 'dense',
   * fit") and what to do, unless the shapes fit this rule.
   */
  public void check(Shape yTrue, Shape yPred, String where) {
    violation(yTrue, yPred).ifPresent(message -> {
      throw new IllegalArgumentException(message + " (" + where + ")." + advice(yTrue, yPred));
    });
  }

  private String advice(Shape yTrue, Shape yPred) {
    Shape rows = yPred.rank() == 0 ? yPred : yPred.subShape(0, yPred.rank() - 1);
    boolean classIndices = yTrue.rank() == yPred.rank() - 1 || yTrue.rank() == yPred.rank() && yTrue.get(-1) == 1;
    return switch (this) {
      case SPARSE, SPARSE_LABELS, SPARSE_TOP_K -> yTrue.isCompatibleWith(yPred)
          ? " The targets look one-hot encoded: use loss \"categorical_crossentropy\" (metric "
              + "\"categorical_accuracy\") for one-hot targets, or pass the class indices (one integer per sample) with "
              + "\"sparse_categorical_crossentropy\"."
          : " Pass one class index per sample, an array of shape " + rows + ".";
      case CATEGORICAL_LABELS, TOP_K -> classIndices && yPred.rank() > 0 && yPred.get(-1) > 1
          ? " The targets look like class indices: use \"sparse_categorical_accuracy\" (or the sparse top-k metric) "
              + "for integer labels, or one-hot encode them to shape " + yPred + "."
          : " Give one-hot targets of the predictions' shape " + yPred + ".";
      case SAME_SHAPE -> classIndices && yPred.rank() > 0 && yPred.get(-1) > 1
          ? " The targets look like class indices: use loss \"sparse_categorical_crossentropy\" for integer labels, "
              + "or one-hot encode them to shape " + yPred + "."
          : " Give targets of the predictions' shape " + yPred + ".";
      default -> " Give targets of the predictions' shape " + yPred + ".";
    };
  }

  /** Keras's categorical accuracy: the targets' arg-max, squeezed to the predictions' rows, against theirs. */
  private static String categoricalViolation(Shape yTrue, Shape yPred) {
    if (yTrue.rank() == 0 || yPred.rank() == 0) {
      return null;
    }
    Shape labels = yTrue.subShape(0, yTrue.rank() - 1);
    if (labels.rank() == yPred.rank()) {
      if (labels.get(-1) != 1 && labels.get(-1) != Shape.UNKNOWN) {
        return "cannot select an axis to squeeze out which has size not equal to one";
      }
      labels = labels.subShape(0, labels.rank() - 1);
    }
    Shape rows = yPred.subShape(0, yPred.rank() - 1);
    return broadcasts(labels, rows) ? null : numpyBroadcast(labels, rows);
  }

  /** One label per prediction row: as many labels as rows, as Keras's {@code in_top_k} indexes them. */
  private static String rowsViolation(Shape labels, Shape yPred) {
    if (yPred.rank() == 0) {
      return null;
    }
    Shape rows = yPred.subShape(0, yPred.rank() - 1);
    if (!sameSize(labels, rows)) {
      return "shape mismatch: indexing arrays could not be broadcast together with shapes (" + size(rows) + ",1) ("
          + size(labels) + ",1)";
    }
    return null;
  }

  private static String sparseViolation(Shape yTrue, Shape yPred) {
    if (yPred.rank() < 1) {
      return null;
    }
    Shape labels = squeezeLast(yTrue, yPred);
    return labels.isCompatibleWith(yPred.subShape(0, yPred.rank() - 1)) ? null
        : "Arguments `target` and `output` must have the same shape up until the last dimension: target.shape="
            + python(labels) + ", output.shape=" + python(yPred);
  }

  /** Labels of the predictions' rank lose a trailing axis of size 1. */
  private static Shape squeezeLast(Shape yTrue, Shape yPred) {
    return yTrue.rank() == yPred.rank() && yTrue.rank() > 0 && yTrue.get(-1) == 1
        ? yTrue.subShape(0, yTrue.rank() - 1) : yTrue;
  }

  /** Keras's {@code squeeze_or_expand_to_same_rank(y_true, y_pred)} on shapes. */
  static Shape[] sameRank(Shape x1, Shape x2) {
    if (x1.rank() == x2.rank() + 1 && x1.get(-1) == 1) {
      return x2.rank() == 1 ? new Shape[] {x1, expand(x2)} : new Shape[] {squeeze(x1), x2};
    }
    if (x2.rank() == x1.rank() + 1 && x2.get(-1) == 1) {
      return x1.rank() == 1 ? new Shape[] {expand(x1), x2} : new Shape[] {x1, squeeze(x2)};
    }
    return new Shape[] {x1, x2};
  }

  private static Shape expand(Shape s) {
    long[] dims = Arrays.copyOf(s.asArray(), s.rank() + 1);
    dims[s.rank()] = 1;
    return Shape.of(dims);
  }

  private static Shape squeeze(Shape s) {
    return s.subShape(0, s.rank() - 1);
  }

  /** NumPy's broadcasting: aligned from the last axis, sizes equal or one of them 1 (or unknown). */
  private static boolean broadcasts(Shape a, Shape b) {
    for (int i = 1; i <= Math.min(a.rank(), b.rank()); i++) {
      long x = a.get(a.rank() - i);
      long y = b.get(b.rank() - i);
      if (x != y && x != 1 && y != 1 && x != Shape.UNKNOWN && y != Shape.UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  /**
   * Equal numbers of elements. With an unknown size (a traced batch) the counts are unknown and the
   * check is left to the one run on the data before fit, evaluate or predict.
   */
  private static boolean sameSize(Shape a, Shape b) {
    boolean unknown = Arrays.stream(a.asArray()).anyMatch(d -> d == Shape.UNKNOWN)
        || Arrays.stream(b.asArray()).anyMatch(d -> d == Shape.UNKNOWN);
    return unknown || size(a) == size(b);
  }

  private static long size(Shape s) {
    return Arrays.stream(s.asArray()).reduce(1, (a, b) -> a * b);
  }

  /** NumPy's broadcasting error, with its shapes written as NumPy writes them: {@code (4,3) (4,)}. */
  private static String numpyBroadcast(Shape first, Shape second) {
    return "operands could not be broadcast together with shapes " + numpy(first) + " " + numpy(second);
  }

  private static String numpy(Shape s) {
    String dims = Arrays.stream(s.asArray()).mapToObj(d -> d == Shape.UNKNOWN ? "None" : Long.toString(d))
        .collect(Collectors.joining(","));
    return "(" + dims + (s.rank() == 1 ? ",)" : ")");
  }

  /** A shape as a Python tuple: {@code (4, 3)}, {@code (4,)}. */
  private static String python(Shape s) {
    String dims = Arrays.stream(s.asArray()).mapToObj(d -> d == Shape.UNKNOWN ? "None" : Long.toString(d))
        .collect(Collectors.joining(", "));
    return "(" + dims + (s.rank() == 1 ? ",)" : ")");
  }
}
