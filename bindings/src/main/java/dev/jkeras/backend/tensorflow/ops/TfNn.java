package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.castTo;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.ints;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.promote;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.scalarInt;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.scalarOperand;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.PoolMode;
import dev.jkeras.backend.ops.NnBackend;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.op.nn.LeakyRelu;

/** The nn family in TensorFlow (Keras's {@code backend/tensorflow/nn.py}): activations, softmax, one-hot, convolution and pooling. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfNn implements NnBackend {

  @Override
  public KerasTensor relu(KerasTensor x) {
    return wrap(tf().nn.relu(operand(x)));
  }

  @Override
  public KerasTensor sigmoid(KerasTensor x) {
    return wrap(tf().math.sigmoid(operand(x)));
  }

  @Override
  public KerasTensor softplus(KerasTensor x) {
    return wrap(tf().math.softplus(operand(x)));
  }

  @Override
  public KerasTensor elu(KerasTensor x) {
    return wrap(tf().nn.elu(operand(x)));
  }

  @Override
  public KerasTensor selu(KerasTensor x) {
    return wrap(tf().nn.selu(operand(x)));
  }

  @Override
  public KerasTensor leakyRelu(KerasTensor x, double negativeSlope) {
    return wrap(tf().nn.leakyRelu(operand(x), LeakyRelu.alpha((float) negativeSlope)));
  }

  private static void requireLastAxis(KerasTensor x, int axis, String what) {
    if (x.shape().normalizeAxis(axis) != x.rank() - 1) {
      throw new IllegalArgumentException(what + " is supported over the last axis only; got axis " + axis
          + " for shape " + x.shape());
    }
  }

  @Override
  public KerasTensor softmax(KerasTensor x, int axis) {
    requireLastAxis(x, axis, "softmax");
    return wrap(tf().nn.softmax(operand(x)));
  }

  /**
   * TensorFlow's LogSoftmax over the last axis. Inputs of a rank other than 2 go through it as a
   * matrix {@code (-1, last)} and are reshaped back: the graph gradient TensorFlow's C API registers
   * for LogSoftmax sums over axis 1, which is the last axis of a matrix only (on a rank-3 input it
   * gives wrong gradients, e.g. for a sparse categorical cross-entropy over time steps).
   */
  @Override
  public KerasTensor logSoftmax(KerasTensor x, int axis) {
    requireLastAxis(x, axis, "log_softmax");
    Operand input = operand(x);
    if (x.rank() == 2) {
      return wrap(tf().nn.logSoftmax(input));
    }
    Ops tf = tf();
    Operand shape = tf.shape(input);
    Operand last = tf.slice(shape, tf.constant(new int[] {x.rank() - 1}), tf.constant(new int[] {1}));
    Operand matrixShape = tf.concat(List.of(tf.constant(new int[] {-1}), last), tf.constant(0));
    return wrap(tf.reshape(tf.nn.logSoftmax(tf.reshape(input, matrixShape)), shape));
  }

  @Override
  public KerasTensor oneHot(KerasTensor indices, int depth, DType dtype) {
    KerasTensor ints = indices.dtype().isFloating() || indices.dtype() == DType.BOOL
        ? castTo(indices, DType.INT64) : indices;
    return wrap(tf().oneHot(operand(ints), scalarInt(depth), scalarOperand(1, dtype), scalarOperand(0, dtype)));
  }

  @Override
  public Optional<KerasTensor> softmaxLogits(KerasTensor x) {
    return producerInput(x, "Softmax");
  }

  @Override
  public Optional<KerasTensor> sigmoidLogits(KerasTensor x) {
    return producerInput(x, "Sigmoid");
  }

  private static Optional<KerasTensor> producerInput(KerasTensor x, String opType) {
    Operation producer = operand(x).op();
    if (producer instanceof GraphOperation graphOp && graphOp.type().equals(opType)
        && graphOp.numInputs() == 1) {
      return Optional.of(wrap(graphOp.input(0)));
    }
    return Optional.empty();
  }

  /** A TensorFlow NHWC attribute for two spatial values: {@code [1, h, w, 1]}. */
  private static List<Long> nhwc(int[] spatial) {
    return List.of(1L, (long) spatial[0], (long) spatial[1], 1L);
  }

  /** Two spatial values for a 1-D operation run as 2-D on a height of 1, as TensorFlow's conv1d does. */
  private static int[] asTwoD(int[] values) {
    return values.length == 1 ? new int[] {1, values[0]} : values;
  }

  @Override
  public KerasTensor conv(KerasTensor x, KerasTensor kernel, int[] strides, String padding, int[] dilationRate) {
    KerasTensor[] xk = promote(x, kernel);
    try {
      return wrap(convolve(tf(), operand(xk[0]), operand(xk[1]), x.shape(), kernel.shape(), strides, padding,
          dilationRate));
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot convolve inputs of shape " + x.shape() + " with a kernel of shape "
          + kernel.shape() + ": " + ErrorMessages.clean(e), e);
    }
  }

  // ---- conv 3D, grouped and depthwise convolution (issue 17: convolutions)

  static {
    TensorFlow.registerCustomGradient("Conv3D", TfNn::conv3dGradient);
    TensorFlow.registerCustomGradient("Conv3DBackpropInputV2", TfNn::conv3dTransposeGradient);
  }

  /**
   * Conv1D (as Conv2D on a height of 1), Conv2D or Conv3D; a kernel with fewer input channels than the
   * inputs is a grouped convolution, run as one convolution per group (TensorFlow's CPU kernels and their
   * gradients do not all take groups) and concatenated.
   */
  private static Operand convolve(Ops tf, Operand input, Operand filter, Shape xShape, Shape kernelShape,
      int[] strides, String padding, int[] dilation) {
    long channels = xShape.get(-1);
    long groupChannels = kernelShape.get(-2);
    if (channels != Shape.UNKNOWN && groupChannels != Shape.UNKNOWN && channels != groupChannels) {
      int groups = Math.toIntExact(channels / groupChannels);
      int last = xShape.rank() - 1;
      List<Operand> inputs = splitLast(tf, input, groups, last);
      List<Operand> filters = splitLast(tf, filter, groups, last);
      long[] groupKernel = kernelShape.asArray();
      groupKernel[last] = groupKernel[last] == Shape.UNKNOWN ? Shape.UNKNOWN : groupKernel[last] / groups;
      List<Operand<?>> outputs = new java.util.ArrayList<>();
      for (int g = 0; g < groups; g++) {
        outputs.add(convolve(tf, inputs.get(g), filters.get(g), xShape.with(last, groupChannels),
            Shape.of(groupKernel), strides, padding, dilation));
      }
      return tf.concat((Iterable) outputs, scalarInt(last));
    }
    if (Arrays.stream(dilation).anyMatch(d -> d > 1)) {
      filter = dilateKernel(tf, filter, kernelShape, dilation);
    }
    String tfPadding = padding.toUpperCase(Locale.ROOT);
    if (strides.length == 3) {
      List<Long> steps = List.of(1L, (long) strides[0], (long) strides[1], (long) strides[2], 1L);
      return tf.nn.conv3d(input, filter, steps, tfPadding);
    }
    boolean oneD = strides.length == 1;
    if (oneD) {
      input = tf.expandDims(input, scalarInt(1));
      filter = tf.expandDims(filter, scalarInt(0));
    }
    Operand output = tf.nn.conv2d(input, filter, nhwc(asTwoD(strides)), tfPadding);
    return oneD ? tf.squeeze(output, Squeeze.axis(List.of(1L))) : output;
  }

  private static List<Operand> splitLast(Ops tf, Operand x, int parts, int axis) {
    List<Operand> pieces = new java.util.ArrayList<>();
    for (Object piece : tf.split(scalarInt(axis), x, (long) parts)) {
      pieces.add((Operand) piece);
    }
    return pieces;
  }

  @Override
  public KerasTensor depthwiseConv(KerasTensor x, KerasTensor kernel, int[] strides, String padding,
      int[] dilationRate) {
    KerasTensor[] xk = promote(x, kernel);
    Ops tf = tf();
    try {
      Operand input = operand(xk[0]);
      Operand filter = operand(xk[1]);
      if (Arrays.stream(dilationRate).anyMatch(d -> d > 1)) {
        filter = dilateKernel(tf, filter, kernel.shape(), dilationRate);
      }
      int[] steps = asTwoD(strides);
      if (steps[0] != steps[1]) {
        // TensorFlow's depthwise kernels take equal strides only: run it as a convolution with one group per channel.
        long[] k = kernel.shape().asArray();
        long[] dilated = k.clone();
        for (int i = 0; i < dilationRate.length; i++) {
          dilated[i] = (k[i] - 1) * dilationRate[i] + 1;
        }
        long[] grouped = dilated.clone();
        grouped[k.length - 2] = 1;
        grouped[k.length - 1] = k[k.length - 2] * k[k.length - 1];
        Operand reshaped = tf.reshape(filter, tf.constant(grouped));
        int[] ones = new int[strides.length];
        Arrays.fill(ones, 1);
        return wrap(convolve(tf, input, reshaped, x.shape(), Shape.of(grouped), strides, padding, ones));
      }
      boolean oneD = x.rank() == 3;
      if (oneD) {
        input = tf.expandDims(input, scalarInt(1));
        filter = tf.expandDims(filter, scalarInt(0));
      }
      Operand output = tf.nn.depthwiseConv2dNative(input, filter, nhwc(steps), padding.toUpperCase(Locale.ROOT));
      return wrap(oneD ? tf.squeeze(output, Squeeze.axis(List.of(1L))) : output);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot convolve (depthwise) inputs of shape " + x.shape()
          + " with a kernel of shape " + kernel.shape() + ": " + ErrorMessages.clean(e), e);
    }
  }

  @Override
  public KerasTensor convTranspose(KerasTensor x, KerasTensor kernel, long[] outputSizes, int[] strides,
      String padding, int[] dilationRate) {
    KerasTensor[] xk = promote(x, kernel);
    Ops tf = tf();
    try {
      Operand input = operand(xk[0]);
      Operand filter = operand(xk[1]);
      if (Arrays.stream(dilationRate).anyMatch(d -> d > 1)) {
        filter = dilateKernel(tf, filter, kernel.shape(), dilationRate);
      }
      int n = strides.length;
      boolean oneD = n == 1;
      long[] sizes = oneD ? new long[] {1, outputSizes[0]} : outputSizes;
      int[] steps = oneD ? new int[] {1, strides[0]} : strides;
      if (oneD) {
        input = tf.expandDims(input, scalarInt(1));
        filter = tf.expandDims(filter, scalarInt(0));
      }
      int[] tail = new int[sizes.length + 1];
      for (int i = 0; i < sizes.length; i++) {
        tail[i] = Math.toIntExact(sizes[i]);
      }
      tail[sizes.length] = Math.toIntExact(kernel.shape().get(-2));
      Operand batch = tf.slice(tf.shape(input), ints(0), ints(1));
      Operand outputShape = tf.concat(List.of(batch, ints(tail)), scalarInt(0));
      List<Long> stepList = new java.util.ArrayList<>();
      stepList.add(1L);
      for (int s : steps) {
        stepList.add((long) s);
      }
      stepList.add(1L);
      String tfPadding = padding.toUpperCase(Locale.ROOT);
      Operand output = steps.length == 3
          ? tf.nn.conv3dBackpropInput(outputShape, filter, input, stepList, tfPadding)
          : tf.nn.conv2dBackpropInput(outputShape, filter, input, stepList, tfPadding);
      return wrap(oneD ? tf.squeeze(output, Squeeze.axis(List.of(1L))) : output);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot convolve (transposed) inputs of shape " + x.shape()
          + " with a kernel of shape " + kernel.shape() + ": " + ErrorMessages.clean(e), e);
    }
  }

  /**
   * Conv3DBackpropInputV2's gradient (the transposed 3-D convolution's), which TensorFlow's C++ registry
   * lacks: none for the sizes, Conv3DBackpropFilterV2 for the kernel, Conv3D for the inputs.
   */
  private static List<Operand<?>> conv3dTransposeGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    Operand filter = op.input(1);
    Operand input = op.input(2);
    Operand dy = grads.get(0);
    Conv3dAttrs a = Conv3dAttrs.of(op);
    Operand dk = tf.nn.conv3dBackpropFilter(dy, tf.shape(filter), input, a.strides(), a.padding(),
        Conv3dBackpropFilter.dilations(a.dilations()), Conv3dBackpropFilter.dataFormat(a.dataFormat()));
    Operand dx = tf.nn.conv3d(dy, filter, a.strides(), a.padding(), Conv3d.dilations(a.dilations()),
        Conv3d.dataFormat(a.dataFormat()));
    return List.of(FunctionalLoop.noGradient((org.tensorflow.Graph) op.env()), dk, dx);
  }

  /**
   * Conv3D's gradient, which TensorFlow's C++ gradient registry lacks: Conv3DBackpropInputV2 and
   * Conv3DBackpropFilterV2 with the forward op's strides, padding, dilations and data format (jkeras
   * dilates kernels itself, so its own ops have dilations 1; an imported graph's need not).
   */
  private static List<Operand<?>> conv3dGradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    Operand input = op.input(0);
    Operand filter = op.input(1);
    Operand dy = grads.get(0);
    Conv3dAttrs a = Conv3dAttrs.of(op);
    Operand dx = tf.nn.conv3dBackpropInput(tf.shape(input), filter, dy, a.strides(), a.padding(),
        Conv3dBackpropInput.dilations(a.dilations()), Conv3dBackpropInput.dataFormat(a.dataFormat()));
    Operand dk = tf.nn.conv3dBackpropFilter(input, tf.shape(filter), dy, a.strides(), a.padding(),
        Conv3dBackpropFilter.dilations(a.dilations()), Conv3dBackpropFilter.dataFormat(a.dataFormat()));
    return List.of(dx, dk);
  }

  /** The attributes a Conv3D-family op's gradient repeats. */
  private record Conv3dAttrs(List<Long> strides, String padding, List<Long> dilations, String dataFormat) {
    static Conv3dAttrs of(GraphOperation op) {
      var attrs = op.attributes();
      List<Long> strides = attrs.getAttrValueProto("strides").getList().getIList();
      String padding = attrs.getAttrValueProto("padding").getS().toStringUtf8();
      List<Long> dilations = attrs.getAttrValueProto("dilations").getList().getIList();
      String format = attrs.getAttrValueProto("data_format").getS().toStringUtf8();
      return new Conv3dAttrs(strides, padding, dilations.isEmpty() ? List.of(1L, 1L, 1L, 1L, 1L) : dilations,
          format.isEmpty() ? "NDHWC" : format);
    }
  }

  /**
   * The kernel with {@code d - 1} zeros between its taps along each spatial axis, so a plain convolution
   * computes the dilated one. TensorFlow's C++ gradient of {@code Conv2D} ignores the {@code dilations}
   * attribute (its backprop ops then get inconsistent shapes), so dilation is not left to that attribute;
   * the zero-inserting matrix product here has registered gradients.
   */
  private static Operand dilateKernel(Ops tf, Operand filter, Shape kernelShape, int[] dilation) {
    long[] current = kernelShape.asArray();
    for (long d : current) {
      if (d == Shape.UNKNOWN) {
        throw new IllegalArgumentException("A dilated convolution needs a kernel of known shape, got " + kernelShape);
      }
    }
    int rank = current.length;
    Operand result = filter;
    for (int axis = 0; axis < dilation.length; axis++) {
      int d = dilation[axis];
      if (d == 1) {
        continue;
      }
      int k = (int) current[axis];
      int dilated = d * (k - 1) + 1;
      float[][] spread = new float[dilated][k];
      for (int i = 0; i < k; i++) {
        spread[d * i][i] = 1f;
      }
      Operand matrix = tf.constant(spread);
      if (filter.type() != matrix.type()) {
        matrix = tf.dtypes.cast(matrix, filter.type());
      }
      // Bring the axis first, multiply, put it back.
      int[] perm = new int[rank];
      int[] inverse = new int[rank];
      perm[0] = axis;
      for (int i = 0, j = 1; i < rank; i++) {
        if (i != axis) {
          perm[j++] = i;
        }
      }
      long[] movedShape = new long[rank];
      for (int i = 0; i < rank; i++) {
        movedShape[i] = current[perm[i]];
        inverse[perm[i]] = i;
      }
      Operand moved = axis == 0 ? result : tf.linalg.transpose(result, ints(perm));
      long rest = 1;
      for (int i = 1; i < rank; i++) {
        rest *= movedShape[i];
      }
      Operand flat = tf.reshape(moved, tf.constant(new long[] {movedShape[0], rest}));
      Operand product = tf.linalg.matMul(matrix, flat);
      movedShape[0] = dilated;
      Operand back = tf.reshape(product, tf.constant(movedShape));
      result = axis == 0 ? back : tf.linalg.transpose(back, ints(inverse));
      current[axis] = dilated;
    }
    return result;
  }

  @Override
  public KerasTensor pool(PoolMode mode, KerasTensor x, int[] poolSize, int[] strides,
      String padding) {
    Ops tf = tf();
    boolean oneD = x.rank() == 3;
    Operand input = oneD ? tf.expandDims(operand(x), scalarInt(1)) : operand(x);
    String tfPadding = padding.toUpperCase(Locale.ROOT);
    try {
      Operand output;
      if (mode == PoolMode.MAX) {
        // TensorFlow's MaxPool with attributes (tf.nn.max_pool2d), not MaxPoolV2 with tensor arguments.
        OperationBuilder builder = tf.scope().opBuilder("MaxPool", "MaxPool");
        builder.addInput(input.asOutput());
        builder.setAttr("ksize", toLongs(nhwc(asTwoD(poolSize))));
        builder.setAttr("strides", toLongs(nhwc(asTwoD(strides))));
        builder.setAttr("padding", tfPadding);
        output = builder.build().output(0);
      } else {
        output = tf.nn.avgPool(input, nhwc(asTwoD(poolSize)), nhwc(asTwoD(strides)), tfPadding);
      }
      if (oneD) {
        output = tf.squeeze(output, Squeeze.axis(List.of(1L)));
      }
      return wrap(output);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot pool inputs of shape " + x.shape() + " with pool size "
          + Arrays.toString(poolSize) + ": " + ErrorMessages.clean(e), e);
    }
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public KerasTensor bincount(KerasTensor x, int depth, boolean binary, DType dtype) {
    Ops tf = tf();
    KerasTensor ints = castTo(x, x.dtype() == DType.INT32 ? DType.INT32 : DType.INT64);
    DType counted = dtype == DType.INT32 || dtype == DType.INT64 || dtype == DType.FLOAT64 ? dtype : DType.FLOAT32;
    Operand values = operand(ints);
    Operand size = scalarOperand(depth, ints.dtype());
    // Negative values would index before the output: send them past its end, where they are ignored.
    values = tf.select(tf.math.less(values, scalarOperand(0, ints.dtype())), size, values);
    Operand noWeights = tf.dtypes.cast(tf.constant(new float[0]), dev.jkeras.backend.tensorflow.Tensors.typeOf(counted));
    KerasTensor counts = wrap(tf.math.denseBincount(values, size, noWeights,
        org.tensorflow.op.math.DenseBincount.binaryOutput(binary)));
    return castTo(counts, dtype);
  }
}
