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

  /** Each element repeated {@code repeats} times along {@code axis}, as {@code keras.ops.repeat}; 0 empties the axis. */
  public static KerasTensor repeat(KerasTensor x, int repeats, int axis) {
    if (repeats < 0) {
      throw new IllegalArgumentException("repeat needs repeats >= 0, got " + repeats);
    }
    checkedAxis("repeat", x, axis);
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

  // ---------------------------------------------------------------- sequence ops (issue 16)

  /** {@code 0, 1, ..., stop - 1} as int32, as {@code keras.ops.arange(stop)}. */
  public static KerasTensor arange(long stop) {
    return arange(0, stop, 1);
  }

  /** {@code start, start + step, ...} below {@code stop} as int32 (Keras's dtype of integer bounds). */
  public static KerasTensor arange(long start, long stop, long step) {
    return arange(start, stop, step, DType.INT32);
  }

  /** As {@link #arange(long, long, long)} with floating bounds: float32, as Keras. */
  public static KerasTensor arange(double start, double stop, double step) {
    return arange(start, stop, step, DType.FLOAT32);
  }

  /** {@code start, start + step, ...} up to (not including) {@code stop}, of {@code dtype}. */
  public static KerasTensor arange(double start, double stop, double step, DType dtype) {
    if (step == 0 || Double.isNaN(step)) {
      throw new IllegalArgumentException("arange needs a non-zero step, got " + step);
    }
    double count = Math.ceil((stop - start) / step);
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step + ") would hold "
          + count + " elements; use a larger step");
    }
    return backend().numpy().range(start, stop, step, dtype);
  }

  public static NdArray<?> arangeArray(double start, double stop, double step, String dtype) {
    DType type = DType.of(dtype);
    return backend().eager(() -> List.of(arange(start, stop, step, type))).get(0);
  }

  /**
   * {@code x} repeated {@code repeats[i]} times along axis {@code i}, as {@code keras.ops.tile}: fewer
   * repeats than axes repeat the last axes; more add leading axes.
   */
  public static KerasTensor tile(KerasTensor x, int... repeats) {
    for (int r : repeats) {
      if (r < 0) {
        throw new IllegalArgumentException("tile needs non-negative repeats, got " + Arrays.toString(repeats));
      }
    }
    KerasTensor t = x;
    while (t.rank() < repeats.length) {
      t = expandDims(t, 0);
    }
    int[] multiples = new int[t.rank()];
    Arrays.fill(multiples, 1);
    System.arraycopy(repeats, 0, multiples, multiples.length - repeats.length, repeats.length);
    return backend().numpy().tile(t, multiples);
  }

  public static NdArray<?> tile(NdArray<?> x, int... repeats) {
    return eager(t -> tile(t.get(0), repeats), x);
  }

  /** The flattened {@code x}, as Keras does for ops called with {@code axis=None}. */
  private static KerasTensor flat(KerasTensor x) {
    return reshape(x, -1);
  }

  private static KerasTensor countable(KerasTensor x) {
    return x.dtype() == DType.BOOL || x.dtype() == DType.UINT8 ? cast(x, DType.INT32) : x;
  }

  /** The running sum of the flattened {@code x}, as {@code keras.ops.cumsum(x)}. */
  public static KerasTensor cumsum(KerasTensor x) {
    return cumsum(flat(x), 0);
  }

  /** The running sum along {@code axis}, as {@code keras.ops.cumsum}. */
  public static KerasTensor cumsum(KerasTensor x, int axis) {
    return backend().numpy().cumsum(countable(x), checkedAxis("cumsum", x, axis));
  }

  public static NdArray<?> cumsum(NdArray<?> x, int axis) {
    return eager(t -> cumsum(t.get(0), axis), x);
  }

  /** The running product of the flattened {@code x}, as {@code keras.ops.cumprod(x)}. */
  public static KerasTensor cumprod(KerasTensor x) {
    return cumprod(flat(x), 0);
  }

  /**
   * The running product along {@code axis}, as {@code keras.ops.cumprod}. Not differentiable:
   * TensorFlow has no gradient for its kernel.
   */
  public static KerasTensor cumprod(KerasTensor x, int axis) {
    return backend().numpy().cumprod(countable(x), checkedAxis("cumprod", x, axis));
  }

  /** {@code axis} of {@code x} as a non-negative index, or a clear error naming {@code op}. */
  static int checkedAxis(String op, KerasTensor x, int axis) {
    int rank = x.rank();
    if (axis < -rank || axis >= rank) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
          + " (shape " + x.shape() + "); use an axis in [" + -rank + ", " + (rank - 1) + "]");
    }
    return axis < 0 ? axis + rank : axis;
  }

  /** {@code x} with axes {@code axis1} and {@code axis2} exchanged, as {@code keras.ops.swapaxes}. */
  public static KerasTensor swapaxes(KerasTensor x, int axis1, int axis2) {
    int a = checkedAxis("swapaxes", x, axis1);
    int b = checkedAxis("swapaxes", x, axis2);
    int[] perm = IntStream.range(0, x.rank()).toArray();
    perm[a] = b;
    perm[b] = a;
    return transpose(x, perm);
  }

  /** {@code x} with axis {@code source} moved to position {@code destination}, as {@code keras.ops.moveaxis}. */
  public static KerasTensor moveaxis(KerasTensor x, int source, int destination) {
    int s = checkedAxis("moveaxis", x, source);
    int d = checkedAxis("moveaxis", x, destination);
    List<Integer> order = new java.util.ArrayList<>(IntStream.range(0, x.rank()).boxed().toList());
    order.remove(s);
    order.add(d, s);
    return transpose(x, order.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The flattened {@code x} rolled by {@code shift} and reshaped back, as {@code keras.ops.roll(x, shift)}. */
  public static KerasTensor roll(KerasTensor x, int shift) {
    return reshape(backend().numpy().roll(flat(x), shift, 0), x.shape().asArray());
  }

  /** {@code x} rolled by {@code shift} along {@code axis}, as {@code keras.ops.roll}. */
  public static KerasTensor roll(KerasTensor x, int shift, int axis) {
    return backend().numpy().roll(x, shift, checkedAxis("roll", x, axis));
  }

  /** The elements of the flattened {@code x} at {@code indices}, as {@code keras.ops.take_along_axis(x, i)}. */
  public static KerasTensor takeAlongAxis(KerasTensor x, KerasTensor indices) {
    return takeAlongAxis(flat(x), flat(indices), 0);
  }

  /**
   * The elements of {@code x} at {@code indices} along {@code axis}, as {@code keras.ops.take_along_axis}:
   * {@code indices} has {@code x}'s rank and size on every other axis; negative indices count from the end.
   */
  public static KerasTensor takeAlongAxis(KerasTensor x, KerasTensor indices, int axis) {
    int a = checkedAxis("take_along_axis", x, axis);
    if (indices.dtype().isFloating() || indices.dtype() == DType.BOOL || indices.dtype() == DType.STRING) {
      throw new IllegalArgumentException("take_along_axis needs integer indices, got " + indices.dtype().kerasName());
    }
    boolean sameOtherDims = indices.rank() == x.rank();
    for (int i = 0; sameOtherDims && i < x.rank(); i++) {
      long xd = x.shape().get(i);
      long id = indices.shape().get(i);
      sameOtherDims = i == a || xd == Shape.UNKNOWN || id == Shape.UNKNOWN || xd == id;
    }
    if (!sameOtherDims) {
      throw new IllegalArgumentException("take_along_axis: indices of shape " + indices.shape()
          + " do not match x of shape " + x.shape() + " on the axes other than " + axis
          + "; give indices x's rank and sizes there");
    }
    long size = x.shape().get(a);
    KerasTensor idx = cast(indices, DType.INT32);
    if (size != Shape.UNKNOWN) {
      idx = where(less(idx, 0), add(idx, size), idx);
    }
    int last = x.rank() - 1;
    KerasTensor gathered = backend().numpy().gatherLastAxis(swapaxes(x, a, last), swapaxes(idx, a, last));
    return swapaxes(gathered, a, last);
  }

  /** As {@link #takeAlongAxis(KerasTensor, KerasTensor, int)}; an index outside {@code [-size, size)} is refused. */
  public static NdArray<?> takeAlongAxis(NdArray<?> x, NdArray<?> indices, int axis) {
    int rank = x.rank();
    if (axis >= -rank && axis < rank) {
      long size = x.shape().get(axis < 0 ? axis + rank : axis);
      indices.scalars().forEach(s -> {
        if (s.getObject() instanceof Number n && (n.longValue() < -size || n.longValue() >= size)) {
          throw new IllegalArgumentException("take_along_axis: index " + n + " is outside [" + -size + ", " + size
              + ") for axis " + axis + " of shape " + x.shape());
        }
      });
    }
    return eager(t -> takeAlongAxis(t.get(0), t.get(1), axis), x, indices);
  }

  /** {@code x} sorted ascending along {@code axis}, as {@code keras.ops.sort}. */
  public static KerasTensor sort(KerasTensor x, int axis) {
    return takeAlongAxis(x, argsort(x, axis), axis);
  }

  /** The int32 indices that sort {@code x} ascending along {@code axis}, ties in index order, as {@code keras.ops.argsort}. */
  public static KerasTensor argsort(KerasTensor x, int axis) {
    int a = checkedAxis("argsort", x, axis);
    int last = x.rank() - 1;
    KerasTensor moved = swapaxes(x, a, last);
    long size = moved.shape().get(last);
    if (size == Shape.UNKNOWN) {
      throw new IllegalArgumentException("argsort needs a known size along axis " + axis + ", got shape " + x.shape());
    }
    KerasTensor key = x.dtype() == DType.BOOL || x.dtype() == DType.UINT8 ? cast(moved, DType.INT32) : moved;
    KerasTensor indices = backend().numpy().topKIndices(negative(key), (int) size, true);
    return swapaxes(indices, a, last);
  }

  public static NdArray<?> sort(NdArray<?> x, int axis) {
    return eager(t -> sort(t.get(0), axis), x);
  }

  public static NdArray<?> argsort(NdArray<?> x, int axis) {
    return eager(t -> argsort(t.get(0), axis), x);
  }

  /** {@code x} with the elements above the {@code k}-th diagonal zeroed, as {@code keras.ops.tril}. */
  public static KerasTensor tril(KerasTensor x, int k) {
    return triangle("tril", x, k, true);
  }

  /** {@code x} with the elements below the {@code k}-th diagonal zeroed, as {@code keras.ops.triu}. */
  public static KerasTensor triu(KerasTensor x, int k) {
    return triangle("triu", x, k, false);
  }

  private static KerasTensor triangle(String op, KerasTensor x, int k, boolean lower) {
    if (x.rank() < 2) {
      throw new IllegalArgumentException(op + " needs a tensor of rank >= 2 (matrices in its last two axes), got shape "
          + x.shape());
    }
    KerasTensor offset = subtract(reshape(positions(x, x.rank() - 1), 1, -1), reshape(positions(x, x.rank() - 2), -1, 1));
    KerasTensor keep = lower ? lessEqual(offset, k) : greaterEqual(offset, k);
    return where(keep, x, scalar(0, x.dtype()));
  }

  /** {@code 0, 1, ..., n - 1} (int32) for the size {@code n} of {@code axis}, known or only at run time. */
  private static KerasTensor positions(KerasTensor x, int axis) {
    long size = x.shape().get(axis);
    if (size != Shape.UNKNOWN) {
      return arange(size);
    }
    KerasTensor length = CoreOps.slice(CoreOps.shape(x), new int[] {axis}, new int[] {1});
    return subtract(cumsum(backend().numpy().fill(length, 1, DType.INT32), 0), 1L);
  }

  public static NdArray<?> tril(NdArray<?> x, int k) {
    return eager(t -> tril(t.get(0), k), x);
  }

  public static NdArray<?> triu(NdArray<?> x, int k) {
    return eager(t -> triu(t.get(0), k), x);
  }

  /** Whether each element is NaN, as {@code keras.ops.isnan}; integers never are. */
  public static KerasTensor isnan(KerasTensor x) {
    return x.dtype().isFloating() ? backend().numpy().classify("nan", x) : notEqual(x, x);
  }

  /** Whether each element is infinite, as {@code keras.ops.isinf}; integers never are. */
  public static KerasTensor isinf(KerasTensor x) {
    return x.dtype().isFloating() ? backend().numpy().classify("inf", x) : notEqual(x, x);
  }

  /** Whether each element is finite, as {@code keras.ops.isfinite}; integers always are. */
  public static KerasTensor isfinite(KerasTensor x) {
    return x.dtype().isFloating() ? backend().numpy().classify("finite", x) : equal(x, x);
  }

  /** Each element of the flattened {@code x} repeated {@code repeats} times, as {@code keras.ops.repeat(x, r)}. */
  public static KerasTensor repeat(KerasTensor x, int repeats) {
    return repeat(flat(x), repeats, 0);
  }

  /** {@code x} without its axes of size 1, as {@code keras.ops.squeeze(x)}; the sizes must be known. */
  public static KerasTensor squeeze(KerasTensor x) {
    long[] kept = java.util.stream.LongStream.of(x.shape().asArray()).filter(d -> d != 1).toArray();
    if (java.util.stream.LongStream.of(kept).filter(d -> d == Shape.UNKNOWN).count() > 1) {
      throw new IllegalArgumentException("squeeze without an axis needs known sizes, got shape " + x.shape()
          + "; name the axis to squeeze");
    }
    return reshape(x, kept);
  }

  /** {@code x} reversed along every axis, as {@code keras.ops.flip(x)}. */
  public static KerasTensor flip(KerasTensor x) {
    KerasTensor t = x;
    for (int axis = 0; axis < x.rank(); axis++) {
      t = flip(t, axis);
    }
    return t;
  }

  /**
   * The slices of {@code x} along {@code axis} at {@code indices} (any rank, negative counting from the
   * end), as {@code keras.ops.take(x, indices, axis)}: the result's shape is {@code x}'s with that axis
   * replaced by the indices' shape.
   */
  public static KerasTensor take(KerasTensor x, KerasTensor indices, int axis) {
    int a = checkedAxis("take", x, axis);
    if (indices.dtype().isFloating() || indices.dtype() == DType.BOOL || indices.dtype() == DType.STRING) {
      throw new IllegalArgumentException("take needs integer indices, got " + indices.dtype().kerasName());
    }
    KerasTensor idx = cast(indices, DType.INT32);
    long size = x.shape().get(a);
    if (size != Shape.UNKNOWN) {
      idx = where(less(idx, 0), add(idx, size), idx);
    }
    KerasTensor gathered = backend().numpy().gather(moveaxis(x, a, 0), idx);
    int r = idx.rank();
    int rest = x.rank() - 1;
    int[] perm = new int[r + rest];
    int k = 0;
    for (int i = 0; i < a; i++) {
      perm[k++] = r + i;
    }
    for (int i = 0; i < r; i++) {
      perm[k++] = i;
    }
    for (int i = a; i < rest; i++) {
      perm[k++] = r + i;
    }
    return transpose(gathered, perm);
  }
}
