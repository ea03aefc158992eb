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
 * normalization statistics, convolutions (plain, grouped, depthwise, separable, transposed; 1-D to 3-D)
 * and pooling.
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
   * Convolution, as {@code keras.ops.conv} with {@code data_format="channels_last"}: see
   * {@link #conv(KerasTensor, KerasTensor, int[], String, String, int[])}.
   */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      int[] dilationRate) {
    return conv(inputs, kernel, strides, padding, "channels_last", dilationRate);
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

  // ---------------------------------------------------------------- convolutions (issue 17: convolutions)

  /**
   * Convolution, as {@code keras.ops.conv}: {@code inputs} of rank 3, 4 or 5 (1-D, 2-D or 3-D) in
   * {@code dataFormat} ({@code "channels_last"}, {@code (batch, spatial..., channels)}, or
   * {@code "channels_first"}, {@code (batch, channels, spatial...)}) and a {@code kernel} of shape
   * {@code (spatial..., inChannels / groups, outChannels)}: a kernel with fewer input channels than the
   * inputs makes a grouped convolution, as in Keras.
   */
  public static KerasTensor conv(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      String dataFormat, int[] dilationRate) {
    int n = convSpatialRank(inputs, kernel, "conv", 3);
    boolean first = channelsFirst(dataFormat, "conv");
    KerasTensor x = first ? toChannelsLast(inputs) : inputs;
    long channels = x.shape().get(-1);
    long groupChannels = kernel.shape().get(-2);
    long outChannels = kernel.shape().get(-1);
    if (channels != Shape.UNKNOWN && groupChannels != Shape.UNKNOWN) {
      if (groupChannels == 0 || channels % groupChannels != 0) {
        throw new IllegalArgumentException("conv: the inputs' " + channels + " channels (shape " + inputs.shape()
            + ") must be a multiple of the kernel's input channels, got kernel shape " + kernel.shape()
            + " (its axis -2 is inChannels / groups)");
      }
      long groups = channels / groupChannels;
      if (outChannels != Shape.UNKNOWN && outChannels % groups != 0) {
        throw new IllegalArgumentException("conv: a grouped convolution with " + groups + " groups needs output "
            + "channels divisible by " + groups + ", got kernel shape " + kernel.shape());
      }
    }
    KerasTensor y = backend().nn().conv(x, kernel, perAxis(strides, n, "strides"), convPadding(padding),
        perAxis(dilationRate, n, "dilation_rate"));
    return first ? toChannelsFirst(y) : y;
  }

  /**
   * Depthwise convolution, as {@code keras.ops.depthwise_conv}: {@code inputs} of rank 3 or 4 and a
   * {@code kernel} of shape {@code (spatial..., channels, depthMultiplier)}; each input channel is
   * convolved with its own {@code depthMultiplier} filters, output channel {@code c * depthMultiplier + m}.
   */
  public static KerasTensor depthwiseConv(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      String dataFormat, int[] dilationRate) {
    int n = convSpatialRank(inputs, kernel, "depthwise_conv", 2);
    boolean first = channelsFirst(dataFormat, "depthwise_conv");
    KerasTensor x = first ? toChannelsLast(inputs) : inputs;
    long channels = x.shape().get(-1);
    long kernelChannels = kernel.shape().get(-2);
    if (channels != Shape.UNKNOWN && kernelChannels != Shape.UNKNOWN && channels != kernelChannels) {
      throw new IllegalArgumentException("depthwise_conv: the kernel of shape " + kernel.shape() + " is for "
          + kernelChannels + " input channels (its axis -2), but the inputs of shape " + inputs.shape() + " have "
          + channels);
    }
    KerasTensor y = backend().nn().depthwiseConv(x, kernel, perAxis(strides, n, "strides"), convPadding(padding),
        perAxis(dilationRate, n, "dilation_rate"));
    return first ? toChannelsFirst(y) : y;
  }

  /**
   * Separable convolution, as {@code keras.ops.separable_conv}: a depthwise convolution with
   * {@code depthwiseKernel} {@code (spatial..., channels, depthMultiplier)} followed by a pointwise one
   * with {@code pointwiseKernel} {@code (1..., channels * depthMultiplier, outChannels)}.
   */
  public static KerasTensor separableConv(KerasTensor inputs, KerasTensor depthwiseKernel,
      KerasTensor pointwiseKernel, int[] strides, String padding, String dataFormat, int[] dilationRate) {
    KerasTensor depthwise = depthwiseConv(inputs, depthwiseKernel, strides, padding, dataFormat, dilationRate);
    return conv(depthwise, pointwiseKernel, new int[] {1}, "valid", dataFormat, new int[] {1});
  }

  /**
   * Transposed convolution, as {@code keras.ops.conv_transpose}: {@code inputs} of rank 3, 4 or 5 and a
   * {@code kernel} of shape {@code (spatial..., outChannels, inChannels)}. Without {@code outputPadding}
   * (null) each spatial size {@code n} becomes {@code n * s} for {@code "same"} and
   * {@code n * s + max(k' - s, 0)} for {@code "valid"} ({@code k'} the dilated kernel size); with it,
   * Keras's sizes for that output padding. With known spatial sizes it is the backend's transposed
   * convolution (as Keras's TensorFlow backend); otherwise, and for the "same" sizes TensorFlow cannot
   * reach, it is computed as Keras's JAX backend does: the inputs with {@code s - 1} zeros between their
   * elements, padded, convolved with the kernel reversed along its spatial axes (strides above 1 then
   * need known spatial sizes and channels).
   */
  public static KerasTensor convTranspose(KerasTensor inputs, KerasTensor kernel, int[] strides, String padding,
      int[] outputPadding, String dataFormat, int[] dilationRate) {
    int n = convSpatialRank(inputs, kernel, "conv_transpose", 3);
    boolean first = channelsFirst(dataFormat, "conv_transpose");
    KerasTensor x = first ? toChannelsLast(inputs) : inputs;
    int[] step = perAxis(strides, n, "strides");
    int[] dilation = perAxis(dilationRate, n, "dilation_rate");
    String p = convPadding(padding);
    int[] extra = outputPadding == null ? null : perAxisAllowZero(outputPadding, n, "output_padding");
    long channels = x.shape().get(-1);
    long kernelChannels = kernel.shape().get(-1);
    if (channels != Shape.UNKNOWN && kernelChannels != Shape.UNKNOWN && channels != kernelChannels) {
      throw new IllegalArgumentException("conv_transpose: the kernel of shape " + kernel.shape() + " takes "
          + kernelChannels + " input channels (its last axis), but the inputs of shape " + inputs.shape() + " have "
          + channels);
    }
    int[][] pads = new int[n + 2][2];
    for (int i = 0; i < n; i++) {
      if (extra != null && extra[i] >= step[i]) {
        throw new IllegalArgumentException("conv_transpose: output_padding must be strictly less than strides "
            + "along every axis, got output_padding=" + Arrays.toString(extra) + " and strides="
            + Arrays.toString(step));
      }
      if (step[i] > 1 && (x.shape().get(1 + i) == Shape.UNKNOWN || channels == Shape.UNKNOWN)) {
        throw new IllegalArgumentException("conv_transpose with strides " + Arrays.toString(step) + " needs known "
            + "spatial sizes and channels, got inputs of shape " + inputs.shape() + ". Give the model's Input a "
            + "fixed size, or use strides=1.");
      }
      long k = kernel.shape().get(i);
      if (k == Shape.UNKNOWN) {
        throw new IllegalArgumentException("conv_transpose needs a kernel of known spatial size, got " + kernel.shape());
      }
      int dilated = (int) (k - 1) * dilation[i] + 1;
      pads[1 + i] = transposePadding(dilated, step[i], p, extra == null ? null : extra[i]);
    }
    long[] outputSizes = nativeTransposeSizes(x.shape(), kernel.shape(), step, p, extra, dilation);
    if (outputSizes != null) {
      KerasTensor y = backend().nn().convTranspose(x, kernel, outputSizes, step, p, dilation);
      return first ? toChannelsFirst(y) : y;
    }
    KerasTensor spread = x;
    int[] crop = new int[n];
    for (int i = 0; i < n; i++) {
      if (step[i] > 1) {
        spread = spread(spread, 1 + i, step[i]);
        // the spread inputs end with stride - 1 zeros: they count toward the right padding.
        int right = pads[1 + i][1] - (step[i] - 1);
        pads[1 + i][1] = Math.max(right, 0);
        crop[i] = Math.max(-right, 0);
      }
    }
    KerasTensor padded = NumpyOps.pad(spread, pads);
    for (int i = 0; i < n; i++) {
      if (crop[i] > 0) {
        long length = padded.shape().get(1 + i) - crop[i];
        padded = NumpyOps.take(padded, NumpyOps.arange(length), 1 + i);
      }
    }
    int[] kernelAxes = new int[n + 2];
    for (int i = 0; i < n; i++) {
      kernelAxes[i] = i;
    }
    kernelAxes[n] = n + 1;
    kernelAxes[n + 1] = n;
    KerasTensor reversed = transpose(kernel, kernelAxes);
    for (int i = 0; i < n; i++) {
      reversed = NumpyOps.flip(reversed, i);
    }
    int[] ones = new int[n];
    Arrays.fill(ones, 1);
    KerasTensor y = conv(padded, reversed, ones, "valid", "channels_last", dilation);
    return first ? toChannelsFirst(y) : y;
  }

  /**
   * The output's spatial sizes by Keras's formula when the backend's transposed convolution (TensorFlow's:
   * the gradient of a "valid" or "same" convolution of inputs of that size) computes Keras's result:
   * known input sizes, and for "same" an output padding that keeps {@code ceil(out / s) = n}. Else null.
   */
  private static long[] nativeTransposeSizes(Shape shape, Shape kernelShape, int[] strides, String padding,
      int[] outputPadding, int[] dilation) {
    int n = strides.length;
    long[] sizes = new long[n];
    for (int i = 0; i < n; i++) {
      long in = shape.get(1 + i);
      if (in == Shape.UNKNOWN || in == 0) {
        return null;
      }
      long k = (kernelShape.get(i) - 1) * dilation[i] + 1;
      if (padding.equals("valid")) {
        long extra = outputPadding == null ? Math.max(k, strides[i]) - k : outputPadding[i];
        sizes[i] = (in - 1) * strides[i] + k + extra;
      } else if (outputPadding == null) {
        sizes[i] = in * strides[i];
      } else {
        if (k % 2 + outputPadding[i] == 0) {
          return null;
        }
        sizes[i] = (in - 1) * strides[i] + k % 2 + outputPadding[i];
      }
    }
    return sizes;
  }

  /** Keras's left and right padding of the spread inputs along one axis (its JAX backend's arguments). */
  private static int[] transposePadding(int dilatedKernel, int stride, String padding, Integer outputPadding) {
    if (padding.equals("valid")) {
      int extra = outputPadding == null ? Math.max(dilatedKernel, stride) - dilatedKernel : outputPadding;
      return new int[] {dilatedKernel - 1, dilatedKernel - 1 + extra};
    }
    int total = outputPadding == null ? stride + dilatedKernel - 2
        : dilatedKernel + dilatedKernel % 2 - 2 + outputPadding;
    int left = Math.min(total / 2 + total % 2, dilatedKernel - 1);
    return new int[] {left, total - left};
  }

  /** {@code stride - 1} zeros after every element along {@code axis} (whose size is known). */
  private static KerasTensor spread(KerasTensor x, int axis, int stride) {
    int[][] pads = new int[x.rank() + 1][2];
    pads[axis + 1][1] = stride - 1;
    KerasTensor widened = NumpyOps.pad(NumpyOps.expandDims(x, axis + 1), pads);
    long[] shape = x.shape().asArray();
    shape[0] = -1;
    shape[axis] *= stride;
    return reshape(widened, shape);
  }

  /** Rank 3 to {@code 2 + maxSpatial} inputs and a kernel of the same rank; the number of spatial axes. */
  private static int convSpatialRank(KerasTensor inputs, KerasTensor kernel, String what, int maxSpatial) {
    if (inputs.rank() < 3 || inputs.rank() > 2 + maxSpatial) {
      throw new IllegalArgumentException(what + " supports inputs of rank 3 (1-D) " + (maxSpatial == 3
          ? "to 5 (3-D)" : "or 4 (2-D)") + ", (batch, spatial..., channels), got shape " + inputs.shape());
    }
    if (kernel.rank() != inputs.rank()) {
      throw new IllegalArgumentException(what + ": a kernel for inputs of shape " + inputs.shape() + " has rank "
          + inputs.rank() + ", got shape " + kernel.shape());
    }
    return inputs.rank() - 2;
  }

  private static boolean channelsFirst(String dataFormat, String what) {
    String f = dataFormat == null ? "channels_last" : dataFormat.toLowerCase(Locale.ROOT);
    if (!f.equals("channels_last") && !f.equals("channels_first")) {
      throw new IllegalArgumentException(what + ": data_format must be \"channels_last\" or \"channels_first\", "
          + "got \"" + dataFormat + "\"");
    }
    return f.equals("channels_first");
  }

  /** {@code (batch, channels, spatial...)} to {@code (batch, spatial..., channels)}. */
  private static KerasTensor toChannelsLast(KerasTensor x) {
    int[] axes = new int[x.rank()];
    for (int i = 1; i < x.rank() - 1; i++) {
      axes[i] = i + 1;
    }
    axes[x.rank() - 1] = 1;
    return transpose(x, axes);
  }

  /** {@code (batch, spatial..., channels)} to {@code (batch, channels, spatial...)}. */
  private static KerasTensor toChannelsFirst(KerasTensor x) {
    int[] axes = new int[x.rank()];
    axes[1] = x.rank() - 1;
    for (int i = 2; i < x.rank(); i++) {
      axes[i] = i - 1;
    }
    return transpose(x, axes);
  }

  private static int[] perAxisAllowZero(int[] values, int spatialRank, String what) {
    int[] result = values.length == 1 && spatialRank > 1 ? IntStream.generate(() -> values[0]).limit(spatialRank)
        .toArray() : values;
    if (result.length != spatialRank || Arrays.stream(result).anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException(what + " needs 1 or " + spatialRank + " non-negative values, got "
          + Arrays.toString(values));
    }
    return result;
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
}
