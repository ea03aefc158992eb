package dev.jkeras.ops;

import static dev.jkeras.ops.CoreOps.cast;
import static dev.jkeras.ops.CoreOps.scalar;
import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.eager;
import static dev.jkeras.ops.OpSupport.floating;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.BinaryOp;
import dev.jkeras.backend.ReduceOp;
import dev.jkeras.backend.UnaryOp;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.NdArray;

/**
 * NumPy-like functions, as Keras's {@code keras.ops} numpy family: element-wise arithmetic and
 * comparisons, reductions, creation and shape manipulation. Each works on {@link KerasTensor}s
 * (building in the current graph) and, where an {@link NdArray} form exists, eagerly on arrays.
 * {@link Ops} re-exports every function here.
 */
public final class NumpyOps {
  private NumpyOps() {}

  public static NdArray<?> add(NdArray<?> x, NdArray<?> y) {
    return eager(t -> add(t.get(0), t.get(1)), x, y);
  }

  public static NdArray<?> add(NdArray<?> x, double y) {
    return eager(t -> add(t.get(0), y), x);
  }

  /** As {@link #add(NdArray, double)} with an integer, which keeps an integer array's dtype. */
  public static NdArray<?> add(NdArray<?> x, long y) {
    return eager(t -> add(t.get(0), y), x);
  }

  public static NdArray<?> subtract(NdArray<?> x, NdArray<?> y) {
    return eager(t -> subtract(t.get(0), t.get(1)), x, y);
  }

  public static NdArray<?> subtract(NdArray<?> x, double y) {
    return eager(t -> subtract(t.get(0), y), x);
  }

  /** As {@link #subtract(NdArray, double)} with an integer, which keeps an integer array's dtype. */
  public static NdArray<?> subtract(NdArray<?> x, long y) {
    return eager(t -> subtract(t.get(0), y), x);
  }

  public static NdArray<?> multiply(NdArray<?> x, NdArray<?> y) {
    return eager(t -> multiply(t.get(0), t.get(1)), x, y);
  }

  public static NdArray<?> multiply(NdArray<?> x, double y) {
    return eager(t -> multiply(t.get(0), y), x);
  }

  /** As {@link #multiply(NdArray, double)} with an integer, which keeps an integer array's dtype. */
  public static NdArray<?> multiply(NdArray<?> x, long y) {
    return eager(t -> multiply(t.get(0), y), x);
  }

  public static NdArray<?> divide(NdArray<?> x, NdArray<?> y) {
    return eager(t -> divide(t.get(0), t.get(1)), x, y);
  }

  public static NdArray<?> divide(NdArray<?> x, double y) {
    return eager(t -> divide(t.get(0), y), x);
  }

  public static NdArray<?> reshape(NdArray<?> x, long... newShape) {
    return eager(t -> reshape(t.get(0), newShape), x);
  }

  public static NdArray<?> expandDims(NdArray<?> x, int axis) {
    return eager(t -> expandDims(t.get(0), axis), x);
  }

  /** Joins arrays along an existing axis. */
  public static NdArray<?> concatenate(List<? extends NdArray<?>> xs, int axis) {
    return eager(t -> backend().numpy().concatenate(t, axis), xs.toArray(NdArray<?>[]::new));
  }

  public static NdArray<?> argmax(NdArray<?> x, int axis) {
    return eager(t -> argmax(t.get(0), axis), x);
  }

  /** The mean over {@code axes}, or over all elements when none are given. */
  public static NdArray<?> mean(NdArray<?> x, int... axes) {
    return eager(t -> mean(t.get(0), axes), x);
  }

  /** The standard deviation over {@code axes}, or over all elements when none are given. */
  public static NdArray<?> std(NdArray<?> x, int... axes) {
    return eager(t -> std(t.get(0), axes), x);
  }

  public static NdArray<?> sum(NdArray<?> x, int... axes) {
    return eager(t -> sum(t.get(0), axes), x);
  }

  /** An array of zeros. */
  public static NdArray<?> zerosArray(Shape shape, String dtype) {
    DType type = DType.of(dtype);
    return backend().eager(() -> List.of(zeros(shape, type))).get(0);
  }

  /** An array of ones. */
  public static NdArray<?> onesArray(Shape shape, String dtype) {
    DType type = DType.of(dtype);
    return backend().eager(() -> List.of(ones(shape, type))).get(0);
  }

  private static KerasTensor binary(BinaryOp op, KerasTensor x, KerasTensor y) {
    return backend().numpy().binary(op, x, y);
  }

  /**
   * {@code x op y} for a Java {@code double}, which is Keras's weak-typed Python float: it takes a
   * floating {@code x}'s dtype, and an integer or bool {@code x} becomes float32 (as
   * {@code keras.ops.add(int_tensor, 2.5)} is float32).
   */
  private static KerasTensor binary(BinaryOp op, KerasTensor x, double y) {
    KerasTensor t = floating(x);
    return backend().numpy().binary(op, t, scalar(y, t.dtype()));
  }

  /** {@code x op y} for a Java integer, Keras's weak-typed Python int: it takes {@code x}'s dtype. */
  private static KerasTensor binary(BinaryOp op, KerasTensor x, long y) {
    return backend().numpy().binary(op, x, scalar(y, x.dtype() == DType.BOOL ? DType.INT32 : x.dtype()));
  }

  public static KerasTensor add(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.ADD, x, y);
  }

  public static KerasTensor add(KerasTensor x, double y) {
    return binary(BinaryOp.ADD, x, y);
  }

  /** As {@link #add(KerasTensor, double)} with an integer, which keeps an integer {@code x}'s dtype. */
  public static KerasTensor add(KerasTensor x, long y) {
    return binary(BinaryOp.ADD, x, y);
  }

  public static KerasTensor subtract(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.SUBTRACT, x, y);
  }

  public static KerasTensor subtract(KerasTensor x, double y) {
    return binary(BinaryOp.SUBTRACT, x, y);
  }

  /** As {@link #subtract(KerasTensor, double)} with an integer, which keeps an integer {@code x}'s dtype. */
  public static KerasTensor subtract(KerasTensor x, long y) {
    return binary(BinaryOp.SUBTRACT, x, y);
  }

  /** {@code x - y} for a Java number {@code x}. */
  public static KerasTensor subtract(double x, KerasTensor y) {
    KerasTensor t = floating(y);
    return binary(BinaryOp.SUBTRACT, scalar(x, t.dtype()), t);
  }

  /** {@code x - y} for a Java integer {@code x}, which keeps an integer {@code y}'s dtype. */
  public static KerasTensor subtract(long x, KerasTensor y) {
    return binary(BinaryOp.SUBTRACT, scalar(x, y.dtype()), y);
  }

  public static KerasTensor multiply(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.MULTIPLY, x, y);
  }

  public static KerasTensor multiply(KerasTensor x, double y) {
    return binary(BinaryOp.MULTIPLY, x, y);
  }

  /** As {@link #multiply(KerasTensor, double)} with an integer, which keeps an integer {@code x}'s dtype. */
  public static KerasTensor multiply(KerasTensor x, long y) {
    return binary(BinaryOp.MULTIPLY, x, y);
  }

  /** True division, as {@code keras.ops.divide}: integers are divided as float32. */
  public static KerasTensor divide(KerasTensor x, KerasTensor y) {
    if (!x.dtype().isFloating() && !y.dtype().isFloating()) {
      return binary(BinaryOp.DIVIDE, floating(x), floating(y));
    }
    return binary(BinaryOp.DIVIDE, x, y);
  }

  public static KerasTensor divide(KerasTensor x, double y) {
    return binary(BinaryOp.DIVIDE, x, y);
  }

  /** {@code x / y}, with 0 where {@code y} is 0. */
  public static KerasTensor divideNoNan(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.DIVIDE_NO_NAN, x, y);
  }

  public static KerasTensor power(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.POWER, x, y);
  }

  public static KerasTensor power(KerasTensor x, double y) {
    return binary(BinaryOp.POWER, x, y);
  }

  /** As {@link #power(KerasTensor, double)} with an integer, which keeps an integer {@code x}'s dtype. */
  public static KerasTensor power(KerasTensor x, long y) {
    return binary(BinaryOp.POWER, x, y);
  }

  public static KerasTensor maximum(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.MAXIMUM, x, y);
  }

  public static KerasTensor maximum(KerasTensor x, double y) {
    return binary(BinaryOp.MAXIMUM, x, y);
  }

  /** As {@link #maximum(KerasTensor, double)} with an integer, which keeps an integer {@code x}'s dtype. */
  public static KerasTensor maximum(KerasTensor x, long y) {
    return binary(BinaryOp.MAXIMUM, x, y);
  }

  public static KerasTensor minimum(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.MINIMUM, x, y);
  }

  public static KerasTensor minimum(KerasTensor x, double y) {
    return binary(BinaryOp.MINIMUM, x, y);
  }

  /** As {@link #minimum(KerasTensor, double)} with an integer, which keeps an integer {@code x}'s dtype. */
  public static KerasTensor minimum(KerasTensor x, long y) {
    return binary(BinaryOp.MINIMUM, x, y);
  }

  /** {@code x} limited to [min, max]; integral bounds keep an integer {@code x}'s dtype. */
  public static KerasTensor clip(KerasTensor x, double min, double max) {
    if (!x.dtype().isFloating() && min == Math.rint(min) && max == Math.rint(max)) {
      return minimum(maximum(x, (long) min), (long) max);
    }
    return minimum(maximum(x, min), max);
  }

  public static KerasTensor equal(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.EQUAL, x, y);
  }

  public static KerasTensor notEqual(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.NOT_EQUAL, x, y);
  }

  public static KerasTensor greater(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.GREATER, x, y);
  }

  public static KerasTensor greater(KerasTensor x, double y) {
    return binary(BinaryOp.GREATER, x, y);
  }

  public static KerasTensor greaterEqual(KerasTensor x, double y) {
    return binary(BinaryOp.GREATER_EQUAL, x, y);
  }

  public static KerasTensor less(KerasTensor x, double y) {
    return binary(BinaryOp.LESS, x, y);
  }

  public static KerasTensor lessEqual(KerasTensor x, double y) {
    return binary(BinaryOp.LESS_EQUAL, x, y);
  }

  public static KerasTensor logicalAnd(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.LOGICAL_AND, x, y);
  }

  public static KerasTensor logicalOr(KerasTensor x, KerasTensor y) {
    return binary(BinaryOp.LOGICAL_OR, x, y);
  }

  public static KerasTensor logicalNot(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.LOGICAL_NOT, x);
  }

  /** Elements of {@code x} where {@code condition} holds, else of {@code y}. */
  public static KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y) {
    return backend().numpy().where(condition, x, y);
  }

  public static KerasTensor negative(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.NEGATE, x);
  }

  public static KerasTensor abs(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.ABS, x);
  }

  public static KerasTensor sign(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.SIGN, x);
  }

  public static KerasTensor square(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.SQUARE, x);
  }

  public static KerasTensor sqrt(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.SQRT, floating(x));
  }

  public static KerasTensor exp(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.EXP, floating(x));
  }

  public static KerasTensor log(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.LOG, floating(x));
  }

  public static KerasTensor log1p(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.LOG1P, floating(x));
  }

  public static KerasTensor floor(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.FLOOR, floating(x));
  }

  public static KerasTensor round(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.ROUND, x);
  }

  /** The cosine of {@code x} (radians), element-wise. */
  public static KerasTensor cos(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.COS, floating(x));
  }

  /** The smallest integer not less than {@code x}, element-wise. */
  public static KerasTensor ceil(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.CEIL, floating(x));
  }

  public static KerasTensor sum(KerasTensor x, int... axes) {
    return backend().numpy().reduce(ReduceOp.SUM, x, axes, false);
  }

  public static KerasTensor sum(KerasTensor x, int[] axes, boolean keepDims) {
    return backend().numpy().reduce(ReduceOp.SUM, x, axes, keepDims);
  }

  /** The mean over {@code axes} (all when none); of integers, a float32 mean, as Keras. */
  public static KerasTensor mean(KerasTensor x, int... axes) {
    return backend().numpy().reduce(ReduceOp.MEAN, floating(x), axes, false);
  }

  public static KerasTensor mean(KerasTensor x, int[] axes, boolean keepDims) {
    return backend().numpy().reduce(ReduceOp.MEAN, floating(x), axes, keepDims);
  }

  public static KerasTensor max(KerasTensor x, int... axes) {
    return backend().numpy().reduce(ReduceOp.MAX, x, axes, false);
  }

  public static KerasTensor max(KerasTensor x, int[] axes, boolean keepDims) {
    return backend().numpy().reduce(ReduceOp.MAX, x, axes, keepDims);
  }

  public static KerasTensor min(KerasTensor x, int... axes) {
    return backend().numpy().reduce(ReduceOp.MIN, x, axes, false);
  }

  /** The population variance over {@code axes} (all when none), as NumPy's {@code var}. */
  public static KerasTensor var(KerasTensor x, int... axes) {
    KerasTensor centered = subtract(floating(x), mean(x, axes, true));
    return mean(square(centered), axes);
  }

  /** The population standard deviation over {@code axes} (all when none), as NumPy's {@code std}. */
  public static KerasTensor std(KerasTensor x, int... axes) {
    return sqrt(var(x, axes));
  }

  /** The index of the largest value along {@code axis}, as int32 (Keras's dtype). */
  public static KerasTensor argmax(KerasTensor x, int axis) {
    return cast(backend().numpy().argmax(x, axis), DType.INT32);
  }

  public static KerasTensor matmul(KerasTensor a, KerasTensor b) {
    return backend().numpy().matmul(a, b);
  }

  public static KerasTensor tanh(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.TANH, floating(x));
  }

  /** {@code x} reshaped; one dimension may be -1, inferred from the others. */
  public static KerasTensor reshape(KerasTensor x, long... newShape) {
    return backend().numpy().reshape(x, Shape.of(newShape));
  }

  /**
   * {@code x} reshaped to a shape known at run time, a 1-D int32 tensor such as one built from
   * {@link CoreOps#shape}; one entry may be -1. Entries that are constants in the graph stay known
   * in the result's static shape.
   */
  public static KerasTensor reshape(KerasTensor x, KerasTensor shape) {
    if (shape.rank() != 1) {
      throw new IllegalArgumentException("reshape expects the new shape as a 1-D int tensor, got shape " + shape.shape());
    }
    return backend().numpy().reshape(x, shape);
  }

  public static KerasTensor expandDims(KerasTensor x, int axis) {
    return backend().numpy().expandDims(x, axis);
  }

  public static KerasTensor squeeze(KerasTensor x, int axis) {
    return backend().numpy().squeeze(x, axis);
  }

  public static KerasTensor concatenate(KerasTensor[] xs, int axis) {
    return backend().numpy().concatenate(List.of(xs), axis);
  }

  /** The rows of {@code x} at {@code indices}. */
  public static KerasTensor take(KerasTensor x, KerasTensor indices) {
    return backend().numpy().gather(x, indices);
  }

  public static KerasTensor zeros(Shape shape, DType dtype) {
    return backend().numpy().fill(shape, 0, dtype);
  }

  public static KerasTensor ones(Shape shape, DType dtype) {
    return backend().numpy().fill(shape, 1, dtype);
  }

  public static KerasTensor full(Shape shape, double value, DType dtype) {
    return backend().numpy().fill(shape, value, dtype);
  }

  /** Tensors of one shape joined along a new {@code axis}, as {@code keras.ops.stack}. */
  public static KerasTensor stack(List<KerasTensor> xs, int axis) {
    return backend().numpy().stack(xs, axis);
  }

  /** {@code x} split into {@code sections} equal parts along {@code axis}, as {@code keras.ops.split}. */
  public static List<KerasTensor> split(KerasTensor x, int sections, int axis) {
    return backend().numpy().split(x, sections, axis);
  }

  /** Zeros of a run-time {@code shape} (a 1-D int tensor, e.g. built from {@link #shape}). */
  public static KerasTensor zeros(KerasTensor shape, DType dtype) {
    return backend().numpy().fill(shape, 0, dtype);
  }

  /** {@code x} with its axes permuted, as {@code keras.ops.transpose}; no axes reverses them. */
  public static KerasTensor transpose(KerasTensor x, int... axes) {
    int[] perm = axes.length > 0 ? axes : IntStream.range(0, x.rank()).map(i -> x.rank() - 1 - i).toArray();
    return backend().numpy().transpose(x, perm);
  }

  /** {@code x} padded with zeros, as {@code keras.ops.pad}: {@code padWidth[i] = {before, after}}. */
  public static KerasTensor pad(KerasTensor x, int[][] padWidth) {
    if (padWidth.length != x.rank()) {
      throw new IllegalArgumentException("pad needs one {before, after} pair per axis of shape " + x.shape()
          + ", got " + padWidth.length);
    }
    for (int[] pair : padWidth) {
      if (pair.length != 2 || pair[0] < 0 || pair[1] < 0) {
        throw new IllegalArgumentException("pad widths must be pairs of non-negative numbers, got "
            + Arrays.deepToString(padWidth));
      }
    }
    return backend().numpy().pad(x, padWidth);
  }

  /** Each element repeated {@code repeats} times along {@code axis}, as {@code keras.ops.repeat}. */
  public static KerasTensor repeat(KerasTensor x, int repeats, int axis) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeat needs repeats >= 1, got " + repeats);
    }
    return repeats == 1 ? x : backend().numpy().repeat(x, repeats, x.shape().normalizeAxis(axis));
  }

  /** Whether any element along {@code axis} is true (non-zero), as {@code keras.ops.any}; a bool tensor. */
  public static KerasTensor any(KerasTensor x, int axis, boolean keepDims) {
    return greater(max(truthAsFloat(x), new int[] {axis}, keepDims), 0);
  }

  /** Whether every element along {@code axis} is true (non-zero), as {@code keras.ops.all}; a bool tensor. */
  public static KerasTensor all(KerasTensor x, int axis, boolean keepDims) {
    return greater(backend().numpy().reduce(ReduceOp.MIN, truthAsFloat(x), new int[] {axis}, keepDims), 0);
  }

  /** 1 where {@code x} is true or non-zero, else 0, as float32. */
  private static KerasTensor truthAsFloat(KerasTensor x) {
    KerasTensor truth = x.dtype() == DType.BOOL ? x : notEqual(x, scalar(0, x.dtype()));
    return cast(truth, DType.FLOAT32);
  }

  /** The sine of {@code x} (radians), element-wise, as {@code keras.ops.sin}. */
  public static KerasTensor sin(KerasTensor x) {
    return backend().numpy().unary(UnaryOp.SIN, floating(x));
  }

  /** {@code x} with the order of its elements along {@code axis} reversed, as {@code keras.ops.flip}. */
  public static KerasTensor flip(KerasTensor x, int axis) {
    return backend().numpy().flip(x, x.shape().normalizeAxis(axis));
  }

  /**
   * The index of the bin each element of {@code x} falls in, for ascending boundaries {@code bins}:
   * 0 below {@code bins[0]}, {@code i} for {@code bins[i-1] <= x < bins[i]}, int32, as
   * {@code keras.ops.digitize}.
   */
  public static KerasTensor digitize(KerasTensor x, float[] bins) {
    for (int i = 1; i < bins.length; i++) {
      if (!(bins[i] >= bins[i - 1])) {
        throw new IllegalArgumentException("digitize needs ascending bins, got " + java.util.Arrays.toString(bins));
      }
    }
    return backend().numpy().digitize(x, bins.clone());
  }
}
