package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.SparseCategoricalCrossentropy;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/** Checks of user data before it reaches the graph, with Keras-style messages. */
final class DataChecks {
  private DataChecks() {}

  static Shape shapeOf(NdArray<?> array) {
    return Shape.of(array.shape().asArray());
  }

  /** The number of samples, the same in every array of xs and ys, and at least one. */
  static int samples(List<? extends NdArray<?>> xs, List<? extends NdArray<?>> ys) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("x must hold at least one array");
    }
    int n = samples(xs.get(0), null);
    List<NdArray<?>> all = new java.util.ArrayList<>(xs);
    all.addAll(ys);
    for (NdArray<?> array : all) {
      if (samples(array, null) != n) {
        throw new IllegalArgumentException("Data cardinality is ambiguous: the arrays have "
            + all.stream().map(a -> Long.toString(a.shape().get(0))).toList()
            + " samples. Make sure all arrays contain the same number of samples.");
      }
    }
    return n;
  }

  /** The number of samples, the same in x and y (y may be null), and at least one. */
  static int samples(NdArray<?> x, NdArray<?> y) {
    if (x == null) {
      throw new IllegalArgumentException("x must not be null");
    }
    if (x.rank() == 0) {
      throw new IllegalArgumentException("x must have a batch dimension, got a scalar");
    }
    long n = x.shape().get(0);
    if (y != null) {
      if (y.rank() == 0) {
        throw new IllegalArgumentException("y must have a batch dimension, got a scalar");
      }
      long m = y.shape().get(0);
      if (m != n) {
        throw new IllegalArgumentException("Data cardinality is ambiguous: x sizes: " + n + ", y sizes: " + m
            + ". Make sure all arrays contain the same number of samples.");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("The data is empty: x has 0 samples. Pass at least one sample.");
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Too many samples: " + n);
    }
    return (int) n;
  }

  /** Sparse categorical labels must be integers in [0, classes). */
  static void checkLabels(Loss loss, NdArray<?> y, Shape outputShape) {
    if (!(loss instanceof SparseCategoricalCrossentropy) || outputShape == null || outputShape.rank() == 0) {
      return;
    }
    long classes = outputShape.get(-1);
    boolean unsigned = DType.of(y) == DType.UINT8;
    double[] bad = {Double.NaN};
    y.scalars().forEach(s -> {
      if (Double.isNaN(bad[0])) {
        double label = ((Number) s.getObject()).doubleValue();
        if (unsigned && label < 0) {
          label += 256;
        }
        if (label < 0 || label >= classes || label != Math.rint(label)) {
          bad[0] = label;
        }
      }
    });
    if (!Double.isNaN(bad[0])) {
      throw new IllegalArgumentException("Received a label value of " + bad[0] + " which is outside the valid range of [0, "
          + classes + "): sparse_categorical_crossentropy expects integer labels from 0 to " + (classes - 1)
          + " for a model with " + classes + " outputs.");
    }
  }
}
