package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.TargetRule;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * Checks of user data before it reaches the graph, with Keras-style messages. Each runs once per
 * call of fit, evaluate or predict, on the Java arrays; none runs per batch.
 */
final class DataChecks {
  private DataChecks() {}

  static Shape shapeOf(NdArray<?> array) {
    return Shape.of(array.shape().asArray());
  }

  /** The one array of a single-input or single-output call, as a list; fails clearly on null. */
  static List<NdArray<?>> single(NdArray<?> array, String role, String what) {
    if (array == null) {
      throw nullArray(role, what);
    }
    return List.of(array);
  }

  /** The arrays of x or y as given (a list, perhaps of one array), without nulls. */
  static List<NdArray<?>> arrays(List<? extends NdArray<?>> arrays, String role, String what) {
    if (arrays == null) {
      throw nullArray(role, what);
    }
    List<NdArray<?>> checked = new ArrayList<>(arrays.size());
    for (int i = 0; i < arrays.size(); i++) {
      NdArray<?> array = arrays.get(i);
      if (array == null) {
        throw new IllegalArgumentException(what + " received null as " + role + "[" + i + "]; pass one NdArray per "
            + (role.equals("x") ? "model input" : "model output") + ", each with one row per sample.");
      }
      checked.add(array);
    }
    return List.copyOf(checked);
  }

  private static IllegalArgumentException nullArray(String role, String what) {
    String expected = role.equals("x")
        ? "the input samples as an NdArray with one row per sample (e.g. a FloatNdArray of shape [samples, features])"
        : "the targets as an NdArray with one row per sample (e.g. an IntNdArray of class labels or a FloatNdArray "
            + "of shape [samples, outputs])";
    return new IllegalArgumentException(what + " received " + role + "=null. Pass " + expected + ".");
  }

  /** The number of samples, the same in every array of xs and ys, and at least one. */
  static int samples(List<NdArray<?>> xs, List<NdArray<?>> ys) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("x must hold at least one array");
    }
    int count = xs.size() + ys.size();
    for (int i = 0; i < count; i++) {
      if ((i < xs.size() ? xs.get(i) : ys.get(i - xs.size())).rank() == 0) {
        throw new IllegalArgumentException((i < xs.size() ? "x" : "y") + " must have a batch dimension, got a scalar");
      }
    }
    long n = xs.get(0).shape().get(0);
    for (int i = 0; i < count; i++) {
      if ((i < xs.size() ? xs.get(i) : ys.get(i - xs.size())).shape().get(0) != n) {
        List<NdArray<?>> all = new ArrayList<>(xs);
        all.addAll(ys);
        throw new IllegalArgumentException("Data cardinality is ambiguous: the arrays have "
            + all.stream().map(a -> Long.toString(a.shape().get(0))).toList()
            + " samples. Make sure all arrays contain the same number of samples.");
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

  /**
   * Each array of a model input or output holds numbers the model can take and has no dimension of
   * size 0 beyond the samples (TensorFlow's CPU kernels abort the process on such sizes).
   * {@code role} names the arrays ("Input", "Target"); {@code takesStrings} tells for each index
   * whether that input is a string input.
   */
  static void checkArrays(List<NdArray<?>> arrays, String role, Supplier<List<String>> names,
      IntPredicate takesStrings, String model, String what) {
    for (int i = 0; i < arrays.size(); i++) {
      NdArray<?> array = arrays.get(i);
      DType dtype;
      try {
        dtype = DType.of(array);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(arrayName(role, names, i, model) + ": " + e.getMessage(), e);
      }
      if (dtype == DType.STRING && !takesStrings.test(i)) {
        throw new IllegalArgumentException(arrayName(role, names, i, model) + " takes numbers, but " + what
            + " received an array of strings of shape " + Arrays.toString(array.shape().asArray()) + ". Convert the "
            + "strings to numbers first (e.g. parse them, or map each category to an index).");
      }
      org.tensorflow.ndarray.Shape shape = array.shape();
      for (int d = 1; d < shape.numDimensions(); d++) {
        if (shape.get(d) == 0) {
          throw new IllegalArgumentException(arrayName(role, names, i, model) + " received an array of shape "
              + Arrays.toString(shape.asArray()) + " in " + what + ": dimension " + d + " has size 0. Every "
              + "dimension but the first (the samples) must be at least 1; check how the array was made.");
        }
      }
    }
  }

  private static String arrayName(String role, Supplier<List<String>> names, int i, String model) {
    List<String> all = names.get();
    return role + " '" + (i < all.size() ? all.get(i) : Integer.toString(i)) + "' of model '" + model + "'";
  }

  /**
   * Targets {@code y} suit the loss of an output of shape {@code outputShape} (batch first): the shapes
   * the loss's {@link TargetRule} takes (failing with Keras's message), finite numbers, and for sparse
   * labels class indices in range. {@code output} names the output.
   */
  static void checkTargets(Loss loss, NdArray<?> y, Shape outputShape, String output, String what) {
    if (outputShape == null || outputShape.rank() == 0) {
      return;
    }
    Shape target = shapeOf(y);
    Shape predicted = outputShape.with(0, target.get(0));
    loss.targetRule().check(target, predicted, loss.name() + " of output '" + output + "', " + what);
    checkTargetValues(loss, y, outputShape, output, what);
  }

  /** What {@link #checkTargets} checks of the values alone: finite numbers, and class indices in range for sparse labels. */
  static void checkTargetValues(Loss loss, NdArray<?> y, Shape outputShape, String output, String what) {
    if (outputShape == null || outputShape.rank() == 0) {
      return;
    }
    if (ArrayScan.isFloating(y)) {
      long bad = ArrayScan.firstIndex(y, v -> !Double.isFinite(v));
      if (bad >= 0) {
        long[] at = ArrayScan.coordinates(y, bad);
        throw new IllegalArgumentException("The targets of output '" + output + "' given to " + what + " hold "
            + y.getObject(at) + " at index " + Arrays.toString(at) + "; targets must be finite numbers. Drop the "
            + "samples whose targets are missing (NaN) or infinite, or fill them in.");
      }
    }
    if (loss.targetRule() == TargetRule.SPARSE) {
      checkClassIndices(y, outputShape.with(0, y.shape().get(0)).get(-1), output, what);
    }
  }

  /**
   * Targets {@code y} have a shape each metric of an output of shape {@code outputShape} takes, by the
   * metric's {@link TargetRule}; {@code specs} are metric names (resolved as compile resolves them) or
   * objects; others are not checked.
   */
  static void checkMetricTargets(List<Object> specs, NdArray<?> y, Shape outputShape, String output, String what) {
    if (outputShape == null || outputShape.rank() == 0) {
      return;
    }
    Shape target = shapeOf(y);
    Shape predicted = outputShape.with(0, target.get(0));
    for (Object spec : specs) {
      Metric metric = spec instanceof Metric m ? m
          : spec instanceof String name ? Metrics.get(name, target, predicted) : null;
      if (metric != null) {
        metric.targetRule().check(target, predicted, "metric " + metric.name() + " of output '" + output + "', "
            + what);
      }
    }
  }

  /** Sparse categorical labels must be integers in [0, classes). */
  private static void checkClassIndices(NdArray<?> y, long classes, String output, String what) {
    if (classes == Shape.UNKNOWN) {
      return;
    }
    long bad = ArrayScan.firstIndex(y, label -> label < 0 || label >= classes || label != Math.rint(label));
    if (bad >= 0) {
      long[] at = ArrayScan.coordinates(y, bad);
      throw new IllegalArgumentException("Received a label value of " + label(y, at) + " (at index "
          + Arrays.toString(at) + " of the targets of output '" + output + "' given to " + what + ") which is "
          + "outside the valid range of [0, " + classes + "): sparse_categorical_crossentropy expects integer labels "
          + "from 0 to " + (classes - 1) + " for a model with " + classes + " outputs.");
    }
  }

  private static String label(NdArray<?> y, long[] at) {
    Object value = y.getObject(at);
    return DType.of(y) == DType.UINT8 ? Integer.toString(((Byte) value) & 0xff) : value.toString();
  }
}
