package dev.jkeras.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.BinaryOp;
import dev.jkeras.backend.PoolMode;
import dev.jkeras.backend.RandomDistribution;
import dev.jkeras.backend.ReduceOp;
import dev.jkeras.backend.UnaryOp;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.ndarray.NdArray;

/**
 * NumPy-like tensor functions, the {@code keras.ops} analogue.
 *
 * <p>Each function works two ways: on {@link KerasTensor}s inside a layer's {@code call} it adds
 * operations to the model's graph; on {@link NdArray}s it runs at once (eagerly, in TensorFlow) and
 * returns a new array. A {@code ByteNdArray} is read as uint8, as Keras's image datasets are.
 */
public final class Ops {
  private Ops() {}

  private static Backend backend() {
    return Backends.get();
  }

  // ---------------------------------------------------------------- eager execution on arrays

  /** Runs {@code fn} eagerly on constants holding {@code args} and returns its value. */
  private static NdArray<?> eager(Function<List<KerasTensor>, KerasTensor> fn, NdArray<?>... args) {
    Backend b = backend();
    return b.eager(() -> List.of(fn.apply(Arrays.stream(args).map(b::constant).toList()))).get(0);
  }

  /** An array converted to a tensor in the current context (graph or eager). */
  public static KerasTensor convertToTensor(NdArray<?> value) {
    return backend().constant(value);
  }

  public static NdArray<?> cast(NdArray<?> x, String dtype) {
    DType target = DType.of(dtype);
    return eager(t -> cast(t.get(0), target), x);
  }

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
    return eager(t -> backend().concatenate(t, axis), xs.toArray(NdArray<?>[]::new));
  }

  /** Shuffles the first dimension; {@code seed} 0 draws a fresh permutation each call. */
  public static NdArray<?> shuffle(NdArray<?> x, long seed) {
    return eager(t -> backend().shuffle(t.get(0), seed), x);
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

  /** An array of values drawn uniformly from [minval, maxval). */
  public static NdArray<?> randomUniformArray(Shape shape, double minval, double maxval, long seed) {
    return backend().eager(() -> List.of(randomUniform(shape, minval, maxval, DType.FLOAT32, seed))).get(0);
  }

  /** An array of values drawn from a normal distribution. */
  public static NdArray<?> randomNormalArray(Shape shape, double mean, double stddev, long seed) {
    return backend().eager(() -> List.of(randomNormal(shape, mean, stddev, DType.FLOAT32, seed))).get(0);
  }

  // ---------------------------------------------------------------- symbolic tensors

  public static KerasTensor cast(KerasTensor x, DType dtype) {
    return x.dtype() == dtype ? x : backend().cast(x, dtype);
  }

  public static KerasTensor cast(KerasTensor x, String dtype) {
    return cast(x, DType.of(dtype));
  }

  /** A scalar constant of {@code like}'s dtype, for mixing tensors and Java numbers. */
  public static KerasTensor scalar(double value, DType dtype) {
    return backend().constant(value, dtype);
  }

  private static KerasTensor binary(BinaryOp op, KerasTensor x, KerasTensor y) {
    return backend().binary(op, x, y);
  }

  /**
   * {@code x op y} for a Java {@code double}, which is Keras's weak-typed Python float: it takes a
   * floating {@code x}'s dtype, and an integer or bool {@code x} becomes float32 (as
   * {@code keras.ops.add(int_tensor, 2.5)} is float32).
   */
  private static KerasTensor binary(BinaryOp op, KerasTensor x, double y) {
    KerasTensor t = floating(x);
    return backend().binary(op, t, scalar(y, t.dtype()));
  }

  /** {@code x op y} for a Java integer, Keras's weak-typed Python int: it takes {@code x}'s dtype. */
  private static KerasTensor binary(BinaryOp op, KerasTensor x, long y) {
    return backend().binary(op, x, scalar(y, x.dtype() == DType.BOOL ? DType.INT32 : x.dtype()));
  }

  /** {@code x} itself when floating, else cast to float32: Keras's result dtype of float functions of integers. */
  private static KerasTensor floating(KerasTensor x) {
    return x.dtype().isFloating() ? x : cast(x, DType.FLOAT32);
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
    return backend().unary(UnaryOp.LOGICAL_NOT, x);
  }

  /** Elements of {@code x} where {@code condition} holds, else of {@code y}. */
  public static KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y) {
    return backend().where(condition, x, y);
  }

  public static KerasTensor negative(KerasTensor x) {
    return backend().unary(UnaryOp.NEGATE, x);
  }

  public static KerasTensor abs(KerasTensor x) {
    return backend().unary(UnaryOp.ABS, x);
  }

  public static KerasTensor sign(KerasTensor x) {
    return backend().unary(UnaryOp.SIGN, x);
  }

  public static KerasTensor square(KerasTensor x) {
    return backend().unary(UnaryOp.SQUARE, x);
  }

  public static KerasTensor sqrt(KerasTensor x) {
    return backend().unary(UnaryOp.SQRT, floating(x));
  }

  public static KerasTensor exp(KerasTensor x) {
    return backend().unary(UnaryOp.EXP, floating(x));
  }

  public static KerasTensor log(KerasTensor x) {
    return backend().unary(UnaryOp.LOG, floating(x));
  }

  public static KerasTensor log1p(KerasTensor x) {
    return backend().unary(UnaryOp.LOG1P, floating(x));
  }

  public static KerasTensor erf(KerasTensor x) {
    return backend().unary(UnaryOp.ERF, floating(x));
  }

  public static KerasTensor floor(KerasTensor x) {
    return backend().unary(UnaryOp.FLOOR, floating(x));
  }

  public static KerasTensor round(KerasTensor x) {
    return backend().unary(UnaryOp.ROUND, x);
  }

  // Learning-rate schedules

  /** The cosine of {@code x} (radians), element-wise. */
  public static KerasTensor cos(KerasTensor x) {
    return backend().unary(UnaryOp.COS, floating(x));
  }

  /** The smallest integer not less than {@code x}, element-wise. */
  public static KerasTensor ceil(KerasTensor x) {
    return backend().unary(UnaryOp.CEIL, floating(x));
  }

  // Reductions

  public static KerasTensor sum(KerasTensor x, int... axes) {
    return backend().reduce(ReduceOp.SUM, x, axes, false);
  }

  public static KerasTensor sum(KerasTensor x, int[] axes, boolean keepDims) {
    return backend().reduce(ReduceOp.SUM, x, axes, keepDims);
  }

  /** The mean over {@code axes} (all when none); of integers, a float32 mean, as Keras. */
  public static KerasTensor mean(KerasTensor x, int... axes) {
    return backend().reduce(ReduceOp.MEAN, floating(x), axes, false);
  }

  public static KerasTensor mean(KerasTensor x, int[] axes, boolean keepDims) {
    return backend().reduce(ReduceOp.MEAN, floating(x), axes, keepDims);
  }

  public static KerasTensor max(KerasTensor x, int... axes) {
    return backend().reduce(ReduceOp.MAX, x, axes, false);
  }

  public static KerasTensor max(KerasTensor x, int[] axes, boolean keepDims) {
    return backend().reduce(ReduceOp.MAX, x, axes, keepDims);
  }

  public static KerasTensor min(KerasTensor x, int... axes) {
    return backend().reduce(ReduceOp.MIN, x, axes, false);
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
    return cast(backend().argmax(x, axis), DType.INT32);
  }

  // Linear algebra and neural-network functions

  public static KerasTensor matmul(KerasTensor a, KerasTensor b) {
    return backend().matmul(a, b);
  }

  public static KerasTensor relu(KerasTensor x) {
    return backend().unary(UnaryOp.RELU, x);
  }

  public static KerasTensor sigmoid(KerasTensor x) {
    return backend().unary(UnaryOp.SIGMOID, floating(x));
  }

  public static KerasTensor tanh(KerasTensor x) {
    return backend().unary(UnaryOp.TANH, floating(x));
  }

  public static KerasTensor softplus(KerasTensor x) {
    return backend().unary(UnaryOp.SOFTPLUS, floating(x));
  }

  /** ELU with {@code alpha} = 1. */
  public static KerasTensor elu(KerasTensor x) {
    return backend().unary(UnaryOp.ELU, floating(x));
  }

  /** ELU: {@code x} for positive values, else {@code alpha * (exp(x) - 1)}. */
  public static KerasTensor elu(KerasTensor x, double alpha) {
    if (alpha == 1.0) {
      return elu(x);
    }
    return where(greater(x, 0), x, multiply(elu(x), alpha));
  }

  public static KerasTensor selu(KerasTensor x) {
    return backend().unary(UnaryOp.SELU, floating(x));
  }

  /** GELU, exact ({@code 0.5 x (1 + erf(x / sqrt 2))}) or with the tanh approximation. */
  public static KerasTensor gelu(KerasTensor x, boolean approximate) {
    if (approximate) {
      KerasTensor cube = multiply(power(x, 3), 0.044715);
      KerasTensor inner = multiply(add(x, cube), Math.sqrt(2 / Math.PI));
      return multiply(multiply(x, 0.5), add(tanh(inner), 1));
    }
    return multiply(multiply(x, 0.5), add(erf(divide(x, Math.sqrt(2))), 1));
  }

  /** Swish / SiLU: {@code x * sigmoid(x)}. */
  public static KerasTensor silu(KerasTensor x) {
    return multiply(x, sigmoid(x));
  }

  public static KerasTensor leakyRelu(KerasTensor x, double negativeSlope) {
    return backend().leakyRelu(x, negativeSlope);
  }

  /** Softmax along {@code axis} (any axis; negative counts from the end). */
  public static KerasTensor softmax(KerasTensor x, int axis) {
    return alongLastAxis(x, axis, t -> backend().softmax(t, -1));
  }

  /** Log-softmax along {@code axis} (any axis; negative counts from the end). */
  public static KerasTensor logSoftmax(KerasTensor x, int axis) {
    return alongLastAxis(x, axis, t -> backend().logSoftmax(t, -1));
  }

  /** {@code fn}, which works along the last axis, applied along {@code axis} by swapping it with the last. */
  private static KerasTensor alongLastAxis(KerasTensor x, int axis, java.util.function.UnaryOperator<KerasTensor> fn) {
    KerasTensor t = floating(x);
    int last = t.rank() - 1;
    int a = t.shape().normalizeAxis(axis);
    if (a == last) {
      return fn.apply(t);
    }
    int[] swap = java.util.stream.IntStream.rangeClosed(0, last).map(i -> i == a ? last : i == last ? a : i).toArray();
    return transpose(fn.apply(transpose(t, swap)), swap);
  }

  /** One-hot vectors of length {@code depth} for integer {@code indices}. */
  public static KerasTensor oneHot(KerasTensor indices, int depth, DType dtype) {
    return backend().oneHot(indices, depth, dtype);
  }

  // Shapes

  /** {@code x} reshaped; one dimension may be -1, inferred from the others. */
  public static KerasTensor reshape(KerasTensor x, long... newShape) {
    return backend().reshape(x, Shape.of(newShape));
  }

  public static KerasTensor expandDims(KerasTensor x, int axis) {
    return backend().expandDims(x, axis);
  }

  public static KerasTensor squeeze(KerasTensor x, int axis) {
    return backend().squeeze(x, axis);
  }

  public static KerasTensor concatenate(KerasTensor[] xs, int axis) {
    return backend().concatenate(List.of(xs), axis);
  }

  /** The run-time shape of {@code x}, a 1-D int32 tensor. */
  public static KerasTensor shape(KerasTensor x) {
    return backend().shapeOf(x);
  }

  /** The rows of {@code x} at {@code indices}. */
  public static KerasTensor take(KerasTensor x, KerasTensor indices) {
    return backend().gather(x, indices);
  }

  public static KerasTensor stopGradient(KerasTensor x) {
    return backend().stopGradient(x);
  }

  // Creation

  public static KerasTensor zeros(Shape shape, DType dtype) {
    return backend().fill(shape, 0, dtype);
  }

  public static KerasTensor ones(Shape shape, DType dtype) {
    return backend().fill(shape, 1, dtype);
  }

  public static KerasTensor full(Shape shape, double value, DType dtype) {
    return backend().fill(shape, value, dtype);
  }

  private static KerasTensor shapeTensor(Shape shape) {
    return backend().constant(org.tensorflow.ndarray.NdArrays.vectorOf(
        Arrays.stream(shape.asArray()).mapToInt(Math::toIntExact).toArray()));
  }

  /** Values drawn uniformly from [minval, maxval). */
  public static KerasTensor randomUniform(Shape shape, double minval, double maxval, DType dtype, long seed) {
    return randomUniform(shapeTensor(shape), minval, maxval, dtype, seed);
  }

  /** Values drawn uniformly from [minval, maxval) for a run-time shape. */
  public static KerasTensor randomUniform(KerasTensor shape, double minval, double maxval, DType dtype, long seed) {
    KerasTensor unit = backend().random(RandomDistribution.UNIFORM, shape, dtype, seed);
    return add(multiply(unit, maxval - minval), minval);
  }

  public static KerasTensor randomNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
    KerasTensor unit = backend().random(RandomDistribution.NORMAL, shapeTensor(shape), dtype, seed);
    return add(multiply(unit, stddev), mean);
  }

  /** Normal values, with those beyond two standard deviations redrawn. */
  public static KerasTensor truncatedNormal(Shape shape, double mean, double stddev, DType dtype, long seed) {
    KerasTensor unit = backend().random(RandomDistribution.TRUNCATED_NORMAL, shapeTensor(shape), dtype, seed);
    return add(multiply(unit, stddev), mean);
  }

  // Recurrent layers and the orthogonal initializer

  /** The slices of {@code x} along {@code axis}, as {@code keras.ops.unstack}; the axis size must be known. */
  public static List<KerasTensor> unstack(KerasTensor x, int axis) {
    return backend().unstack(x, axis);
  }

  /** Tensors of one shape joined along a new {@code axis}, as {@code keras.ops.stack}. */
  public static KerasTensor stack(List<KerasTensor> xs, int axis) {
    return backend().stack(xs, axis);
  }

  /** {@code x} split into {@code sections} equal parts along {@code axis}, as {@code keras.ops.split}. */
  public static List<KerasTensor> split(KerasTensor x, int sections, int axis) {
    return backend().split(x, sections, axis);
  }

  /** Zeros of a run-time {@code shape} (a 1-D int tensor, e.g. built from {@link #shape}). */
  public static KerasTensor zeros(KerasTensor shape, DType dtype) {
    return backend().fill(shape, 0, dtype);
  }

  /** {@code x} with its axes permuted, as {@code keras.ops.transpose}; no axes reverses them. */
  public static KerasTensor transpose(KerasTensor x, int... axes) {
    int[] perm = axes.length > 0 ? axes : java.util.stream.IntStream.range(0, x.rank()).map(i -> x.rank() - 1 - i).toArray();
    return backend().transpose(x, perm);
  }

  /** The reduced QR decomposition of a matrix, {@code [q, r]}, as {@code keras.ops.linalg.qr}. */
  public static List<KerasTensor> qr(KerasTensor x) {
    return backend().qr(x);
  }

  // Activations and normalization (norm helper's block): compositions of the kernels above, with
  // the formulas of Keras 3's TensorFlow backend.

  /** {@code 1 / sqrt(x)}. */
  public static KerasTensor rsqrt(KerasTensor x) {
    return power(x, -0.5);
  }

  /** {@code min(max(x, 0), 6)}. */
  public static KerasTensor relu6(KerasTensor x) {
    return minimum(relu(x), 6);
  }

  /** Keras 3's {@code relu6(x + 3) / 6}. */
  public static KerasTensor hardSigmoid(KerasTensor x) {
    return divide(relu6(add(x, 3)), 6);
  }

  /** {@code x * hard_sigmoid(x)}. */
  public static KerasTensor hardSilu(KerasTensor x) {
    return multiply(x, hardSigmoid(x));
  }

  /** {@code x * tanh(softplus(x))}. */
  public static KerasTensor mish(KerasTensor x) {
    return multiply(x, tanh(softplus(x)));
  }

  /** {@code x / (|x| + 1)}. */
  public static KerasTensor softsign(KerasTensor x) {
    return divide(x, add(abs(x), 1));
  }

  /** {@code log(sigmoid(x)) = -softplus(-x)}. */
  public static KerasTensor logSigmoid(KerasTensor x) {
    return negative(softplus(negative(x)));
  }

  /** {@code clip(x, -1, 1)}. */
  public static KerasTensor hardTanh(KerasTensor x) {
    return clip(x, -1, 1);
  }

  /** {@code x - tanh(x)}. */
  public static KerasTensor tanhShrink(KerasTensor x) {
    return subtract(x, tanh(x));
  }

  /** {@code max(x, 0) + alpha * (exp(min(x, 0) / alpha) - 1)}. */
  public static KerasTensor celu(KerasTensor x, double alpha) {
    KerasTensor negativePart = subtract(exp(divide(minimum(x, 0), alpha)), 1);
    return add(maximum(x, 0), multiply(negativePart, alpha));
  }

  /** {@code x - t} above {@code t}, {@code x + t} below {@code -t}, else 0. */
  public static KerasTensor softShrink(KerasTensor x, double threshold) {
    KerasTensor zero = scalar(0, x.dtype());
    return where(greater(x, threshold), subtract(x, threshold),
        where(less(x, -threshold), add(x, threshold), zero));
  }

  /** {@code x} where {@code |x| > t}, else 0. */
  public static KerasTensor hardShrink(KerasTensor x, double threshold) {
    return where(greater(abs(x), threshold), x, scalar(0, x.dtype()));
  }

  /** {@code (x + sqrt(x^2 + b)) / 2}. */
  public static KerasTensor squareplus(KerasTensor x, double b) {
    return divide(add(x, sqrt(add(square(x), b))), 2);
  }

  /** 0 for {@code x <= -1}, {@code (x + 1)^2 / 4} below 1, else {@code x}. */
  public static KerasTensor sparsePlus(KerasTensor x) {
    KerasTensor inside = multiply(square(add(x, 1)), 0.25);
    return where(lessEqual(x, -1), scalar(0, x.dtype()), where(less(x, 1), inside, x));
  }

  /** 0 for {@code x <= -1}, 1 for {@code x >= 1}, else {@code (x + 1) / 2}. */
  public static KerasTensor sparseSigmoid(KerasTensor x) {
    KerasTensor inside = multiply(add(x, 1), 0.5);
    return where(lessEqual(x, -1), scalar(0, x.dtype()), where(greaterEqual(x, 1), scalar(1, x.dtype()), inside));
  }

  /**
   * The mean and population variance of {@code x} over {@code axes}, as {@code keras.ops.moments}
   * (TensorFlow's {@code tf.nn.moments}: the variance is the mean squared distance to the mean).
   */
  public static KerasTensor[] moments(KerasTensor x, int[] axes, boolean keepDims) {
    KerasTensor mean = mean(x, axes, true);
    KerasTensor variance = mean(square(subtract(x, stopGradient(mean))), axes, keepDims);
    if (keepDims) {
      return new KerasTensor[] {mean, variance};
    }
    Shape reduced = variance.shape();
    boolean known = java.util.stream.LongStream.of(reduced.asArray()).allMatch(d -> d != Shape.UNKNOWN);
    return new KerasTensor[] {known ? reshape(mean, reduced.asArray()) : mean(x, axes, false), variance};
  }

  /**
   * {@code (x - mean) / sqrt(variance + epsilon) * scale + offset} (scale and offset may be null),
   * computed as {@code tf.nn.batch_normalization}: {@code x * inv + (offset - mean * inv)} with
   * {@code inv = rsqrt(variance + epsilon) * scale}. The statistics broadcast against {@code x}.
   */
  public static KerasTensor batchNormalization(KerasTensor x, KerasTensor mean, KerasTensor variance,
      KerasTensor offset, KerasTensor scale, double epsilon) {
    KerasTensor inv = rsqrt(add(variance, epsilon));
    if (scale != null) {
      inv = multiply(inv, scale);
    }
    KerasTensor shift = offset == null ? negative(multiply(mean, inv)) : subtract(offset, multiply(mean, inv));
    return add(multiply(x, inv), shift);
  }

  // Convolution and pooling (channels-last, as Keras's default data format)

  /** {@code "valid"} or {@code "same"} in lower case, else an error listing both. */
  private static String convPadding(String padding) {
    String p = padding == null ? "" : padding.toLowerCase(java.util.Locale.ROOT);
    if (!p.equals("valid") && !p.equals("same")) {
      throw new IllegalArgumentException("padding must be \"valid\" or \"same\", got \"" + padding + "\"");
    }
    return p;
  }

  /** One value per spatial axis: a single value is repeated, as Keras's {@code standardize_tuple}. */
  private static int[] perAxis(int[] values, int spatialRank, String what) {
    if (values.length == 1 && spatialRank > 1) {
      int[] repeated = new int[spatialRank];
      Arrays.fill(repeated, values[0]);
      return repeated;
    }
    if (values.length != spatialRank) {
      throw new IllegalArgumentException(what + " needs 1 or " + spatialRank + " values, got " + Arrays.toString(values));
    }
    for (int v : values) {
      if (v <= 0) {
        throw new IllegalArgumentException(what + " values must be positive, got " + Arrays.toString(values));
      }
    }
    return values;
  }

  private static int spatialRank(KerasTensor inputs, String what) {
    if (inputs.rank() != 3 && inputs.rank() != 4) {
      throw new IllegalArgumentException(what + " supports channels-last inputs of rank 3 (batch, steps, channels) "
          + "or 4 (batch, height, width, channels), got shape " + inputs.shape());
    }
    return inputs.rank() - 2;
  }

  /**
   * Convolution, as {@code keras.ops.conv}: channels-last {@code inputs} of rank 3 or 4 and a
   * {@code kernel} of shape {@code (spatial..., inChannels, outChannels)}.
   */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      int[] dilationRate) {
    int n = spatialRank(inputs, "conv");
    if (kernel.rank() != n + 2) {
      throw new IllegalArgumentException("conv: a kernel for inputs of shape " + inputs.shape() + " has rank " + (n + 2)
          + ", got shape " + kernel.shape());
    }
    return backend().conv(inputs, kernel, perAxis(strides, n, "strides"), convPadding(padding),
        perAxis(dilationRate, n, "dilation_rate"));
  }

  /** {@code conv} with strides 1, {@code "valid"} padding and no dilation. */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel) {
    return conv(inputs, kernel, new int[] {1}, "valid", new int[] {1});
  }

  /** Max pooling, as {@code keras.ops.max_pool}; {@code strides} null means {@code poolSize}. */
  public static KerasTensor maxPool(KerasTensor inputs, int[] poolSize, int[] strides, String padding) {
    return pool(PoolMode.MAX, inputs, poolSize, strides, padding);
  }

  /** Average pooling, as {@code keras.ops.average_pool}; {@code strides} null means {@code poolSize}. */
  public static KerasTensor averagePool(KerasTensor inputs, int[] poolSize, int[] strides, String padding) {
    return pool(PoolMode.AVERAGE, inputs, poolSize, strides, padding);
  }

  private static KerasTensor pool(PoolMode mode, KerasTensor inputs, int[] poolSize, int[] strides,
      String padding) {
    int n = spatialRank(inputs, mode == PoolMode.MAX ? "max_pool" : "average_pool");
    int[] size = perAxis(poolSize, n, "pool_size");
    int[] step = strides == null ? size : perAxis(strides, n, "strides");
    return backend().pool(mode, inputs, size, step, convPadding(padding));
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
    return backend().pad(x, padWidth);
  }

  /** Each element repeated {@code repeats} times along {@code axis}, as {@code keras.ops.repeat}. */
  public static KerasTensor repeat(KerasTensor x, int repeats, int axis) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeat needs repeats >= 1, got " + repeats);
    }
    return repeats == 1 ? x : backend().repeat(x, repeats, x.shape().normalizeAxis(axis));
  }

  // ------------------------------------------------------------------ masking: keras.ops.any / all

  /** Whether any element along {@code axis} is true (non-zero), as {@code keras.ops.any}; a bool tensor. */
  public static KerasTensor any(KerasTensor x, int axis, boolean keepDims) {
    return greater(max(truthAsFloat(x), new int[] {axis}, keepDims), 0);
  }

  /** Whether every element along {@code axis} is true (non-zero), as {@code keras.ops.all}; a bool tensor. */
  public static KerasTensor all(KerasTensor x, int axis, boolean keepDims) {
    return greater(backend().reduce(ReduceOp.MIN, truthAsFloat(x), new int[] {axis}, keepDims), 0);
  }

  /** 1 where {@code x} is true or non-zero, else 0, as float32. */
  private static KerasTensor truthAsFloat(KerasTensor x) {
    KerasTensor truth = x.dtype() == DType.BOOL ? x : notEqual(x, scalar(0, x.dtype()));
    return cast(truth, DType.FLOAT32);
  }
}
