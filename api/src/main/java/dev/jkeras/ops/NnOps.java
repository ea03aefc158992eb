package dev.jkeras.ops;

import static dev.jkeras.ops.CoreOps.scalar;
import static dev.jkeras.ops.CoreOps.stopGradient;
import static dev.jkeras.ops.MathOps.erf;
import static dev.jkeras.ops.MathOps.rsqrt;
import static dev.jkeras.ops.NumpyOps.abs;
import static dev.jkeras.ops.NumpyOps.add;
import static dev.jkeras.ops.NumpyOps.clip;
import static dev.jkeras.ops.NumpyOps.divide;
import static dev.jkeras.ops.NumpyOps.exp;
import static dev.jkeras.ops.NumpyOps.greater;
import static dev.jkeras.ops.NumpyOps.greaterEqual;
import static dev.jkeras.ops.NumpyOps.less;
import static dev.jkeras.ops.NumpyOps.lessEqual;
import static dev.jkeras.ops.NumpyOps.maximum;
import static dev.jkeras.ops.NumpyOps.mean;
import static dev.jkeras.ops.NumpyOps.minimum;
import static dev.jkeras.ops.NumpyOps.multiply;
import static dev.jkeras.ops.NumpyOps.negative;
import static dev.jkeras.ops.NumpyOps.power;
import static dev.jkeras.ops.NumpyOps.reshape;
import static dev.jkeras.ops.NumpyOps.sqrt;
import static dev.jkeras.ops.NumpyOps.square;
import static dev.jkeras.ops.NumpyOps.subtract;
import static dev.jkeras.ops.NumpyOps.tanh;
import static dev.jkeras.ops.NumpyOps.transpose;
import static dev.jkeras.ops.NumpyOps.where;
import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.floating;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.PoolMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Neural-network functions, as Keras's {@code keras.ops} nn family: activations, softmax, one-hot,
 * normalization statistics, convolution and pooling (channels-last, Keras's default data format).
 * {@link Ops} re-exports every function here.
 */
public final class NnOps {
  private NnOps() {}

  public static KerasTensor relu(KerasTensor x) {
    return backend().nn().relu(x);
  }

  public static KerasTensor sigmoid(KerasTensor x) {
    return backend().nn().sigmoid(floating(x));
  }

  public static KerasTensor softplus(KerasTensor x) {
    return backend().nn().softplus(floating(x));
  }

  /** ELU with {@code alpha} = 1. */
  public static KerasTensor elu(KerasTensor x) {
    return backend().nn().elu(floating(x));
  }

  /** ELU: {@code x} for positive values, else {@code alpha * (exp(x) - 1)}. */
  public static KerasTensor elu(KerasTensor x, double alpha) {
    if (alpha == 1.0) {
      return elu(x);
    }
    return where(greater(x, 0), x, multiply(elu(x), alpha));
  }

  public static KerasTensor selu(KerasTensor x) {
    return backend().nn().selu(floating(x));
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
    return backend().nn().leakyRelu(x, negativeSlope);
  }

  /** Softmax along {@code axis} (any axis; negative counts from the end). */
  public static KerasTensor softmax(KerasTensor x, int axis) {
    return alongLastAxis(x, axis, t -> backend().nn().softmax(t, -1));
  }

  /** Log-softmax along {@code axis} (any axis; negative counts from the end). */
  public static KerasTensor logSoftmax(KerasTensor x, int axis) {
    return alongLastAxis(x, axis, t -> backend().nn().logSoftmax(t, -1));
  }

  /** {@code fn}, which works along the last axis, applied along {@code axis} by swapping it with the last. */
  private static KerasTensor alongLastAxis(KerasTensor x, int axis, UnaryOperator<KerasTensor> fn) {
    KerasTensor t = floating(x);
    int last = t.rank() - 1;
    int a = t.shape().normalizeAxis(axis);
    if (a == last) {
      return fn.apply(t);
    }
    int[] swap = IntStream.rangeClosed(0, last).map(i -> i == a ? last : i == last ? a : i).toArray();
    return transpose(fn.apply(transpose(t, swap)), swap);
  }

  /**
   * One-hot vectors of length {@code numClasses} along output axis {@code axis}, as
   * {@code keras.ops.one_hot(x, num_classes, axis)}; indices outside {@code [0, numClasses)} give zeros.
   */
  public static KerasTensor oneHot(KerasTensor indices, int numClasses, int axis, DType dtype) {
    if (numClasses < 0) {
      throw new IllegalArgumentException("one_hot needs num_classes >= 0, got " + numClasses);
    }
    int rank = indices.rank() + 1;
    if (axis < -rank || axis >= rank) {
      throw new IllegalArgumentException("one_hot: axis " + axis + " is out of range for a result of rank " + rank
          + "; use an axis in [" + -rank + ", " + (rank - 1) + "]");
    }
    KerasTensor hot = oneHot(indices, numClasses, dtype);
    return NumpyOps.moveaxis(hot, -1, axis);
  }

  /** One-hot vectors of length {@code depth} for integer {@code indices}. */
  public static KerasTensor oneHot(KerasTensor indices, int depth, DType dtype) {
    return backend().nn().oneHot(indices, depth, dtype);
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
    boolean known = LongStream.of(reduced.asArray()).allMatch(d -> d != Shape.UNKNOWN);
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

  /** {@code "valid"} or {@code "same"} in lower case, else an error listing both. */
  private static String convPadding(String padding) {
    String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
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
    return backend().nn().conv(inputs, kernel, perAxis(strides, n, "strides"), convPadding(padding),
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
    return backend().nn().pool(mode, inputs, size, step, convPadding(padding));
  }

  // ---------------------------------------------------------------- category encodings

  /**
   * Multi-hot vectors of length {@code numClasses}: for 1-D {@code x} one vector, for 2-D {@code x}
   * one per row, with 1 at each class the row holds, as {@code keras.ops.multi_hot}. Values outside
   * {@code [0, numClasses)} are ignored.
   */
  public static KerasTensor multiHot(KerasTensor x, int numClasses, DType dtype) {
    return backend().nn().bincount(categories(x, numClasses, "multiHot"), numClasses, true, dtype);
  }

  /**
   * How often each class of {@code [0, numClasses)} occurs in 1-D {@code x} or in each row of 2-D
   * {@code x}, as Keras's {@code "count"} output mode; values outside the range are ignored.
   */
  public static KerasTensor categoryCount(KerasTensor x, int numClasses, DType dtype) {
    return backend().nn().bincount(categories(x, numClasses, "categoryCount"), numClasses, false, dtype);
  }

  private static KerasTensor categories(KerasTensor x, int numClasses, String op) {
    if (numClasses < 1) {
      throw new IllegalArgumentException(op + " needs at least 1 class, got " + numClasses);
    }
    if (x.rank() < 1 || x.rank() > 2) {
      throw new IllegalArgumentException(op + " encodes 1-D or 2-D (batch, values) inputs, got shape " + x.shape());
    }
    if (x.dtype() == DType.STRING) {
      throw new IllegalArgumentException(op + " needs integer classes, got strings; look them up first "
          + "(StringLookup) or hash them (Hashing)");
    }
    return x;
  }

  // ---------------------------------------------------------------- CTC (issue 17: losses)

  /**
   * The connectionist temporal classification loss of each sample, as {@code keras.ops.ctc_loss}:
   * {@code target} {@code (batch, maxLabelLength)} integer labels, of which the first {@code targetLength}
   * of each row count; {@code output} {@code (batch, maxTime, classes)} logits, of which the first {@code
   * outputLength} steps count; {@code maskIndex} the blank class. Shape {@code (batch,)}. Differentiable in
   * {@code output}. A sample whose labels cannot fit in its steps (each label takes a step, each repeated
   * label one more) fails when run.
   */
  public static KerasTensor ctcLoss(KerasTensor target, KerasTensor output, KerasTensor targetLength,
      KerasTensor outputLength, int maskIndex) {
    if (target.rank() != 2) {
      throw new IllegalArgumentException("ctc_loss expected targets of shape (batch_size, max_length) in integer "
          + "format, got shape " + target.shape());
    }
    if (output.rank() != 3) {
      throw new IllegalArgumentException("ctc_loss expected logits of shape (batch_size, max_length, num_classes), "
          + "got shape " + output.shape());
    }
    if (target.dtype().isFloating() || target.dtype() == DType.STRING || target.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("ctc_loss expected integer targets, got " + target.dtype()
          + "; cast the labels to int32");
    }
    if (targetLength.rank() != 1 || outputLength.rank() != 1) {
      throw new IllegalArgumentException("ctc_loss expected one target length and one output length per sample "
          + "(shape (batch_size,)), got shapes " + targetLength.shape() + " and " + outputLength.shape());
    }
    long classes = output.shape().get(-1);
    if (classes == Shape.UNKNOWN || maskIndex < 0 || maskIndex >= classes) {
      throw new IllegalArgumentException("ctc_loss mask_index must be one of the " + classes
          + " classes of the logits (0 <= mask_index < num_classes), got " + maskIndex);
    }
    long batch = output.shape().get(0);
    long targetBatch = target.shape().get(0);
    if (batch != Shape.UNKNOWN && targetBatch != Shape.UNKNOWN && batch != targetBatch) {
      throw new IllegalArgumentException("ctc_loss expected as many targets as logits, got " + targetBatch
          + " targets for " + batch + " logits");
    }
    return backend().nn().ctcLoss(target, floating(output), targetLength, outputLength, maskIndex);
  }
}
