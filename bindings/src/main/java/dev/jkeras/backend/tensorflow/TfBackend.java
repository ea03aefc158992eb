package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.BinaryOp;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.RandomDistribution;
import dev.jkeras.backend.ReduceOp;
import dev.jkeras.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.tensorflow.EagerSession;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.op.random.RandomShuffle;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * The TensorFlow backend: every tensor operation becomes a TensorFlow op in the current context
 * (a model's graph while tracing, an eager session for {@code Ops} on arrays).
 *
 * <p>TensorFlow Java's op classes are typed by element type; jkeras tracks dtypes itself, so this
 * class works with raw operands.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfBackend implements Backend {

  /** Loads TensorFlow; instantiated by {@link java.util.ServiceLoader}. */
  public TfBackend() {
    NativeLibrary.ensureLoaded();
  }

  @Override
  public String name() {
    return "tensorflow";
  }

  @Override
  public String version() {
    return NativeLibrary.ensureLoaded();
  }

  @Override
  public List<NdArray<?>> eager(Supplier<List<KerasTensor>> body) {
    try (EagerSession session = EagerSession.create()) {
      return Context.with(Ops.create(session), null, () -> {
        List<NdArray<?>> values = new ArrayList<>();
        for (KerasTensor result : body.get()) {
          values.add(Tensors.toNdArray(operand(result).asTensor()));
        }
        return values;
      });
    } catch (TensorFlowException e) {
      throw new IllegalArgumentException(ErrorMessages.clean(e), e);
    }
  }

  @Override
  public ModelGraph newGraph(String name) {
    return new TfModelGraph(name);
  }

  @Override
  public dev.jkeras.backend.SummaryWriter summaryWriter(java.nio.file.Path logDir) {
    return TfSummaryWriter.open(logDir);
  }

  @Override
  public dev.jkeras.backend.ImportedModel loadSavedModel(java.nio.file.Path directory,
      dev.jkeras.backend.SavedModelOptions options) {
    return TfImportedModel.load(directory, options);
  }

  @Override
  public List<java.util.Set<String>> savedModelTagSets(java.nio.file.Path directory) {
    return SavedModelFile.read(directory).tagSets();
  }

  @Override
  public java.util.Map<String, List<String>> savedModelOps(java.nio.file.Path directory,
      dev.jkeras.backend.SavedModelOptions options) {
    return OpScreen.inventory(SavedModelFile.read(directory).metaGraph(options.effectiveTags()).getGraphDef());
  }

  @Override
  public dev.jkeras.backend.SignatureSpec savedModelSignature(java.nio.file.Path directory, String tag,
      String signature) {
    return TaggedMetaGraph.read(directory, tag).spec(signature);
  }

  // ---- TFSMLayer's variables (summary and countParams)

  @Override
  public java.util.List<Shape> savedModelVariableShapes(java.nio.file.Path directory, String tag, String signature) {
    return TaggedMetaGraph.read(directory, tag).variableShapes(signature);
  }

  @Override
  public Optional<ModelGraph> currentGraph() {
    return Optional.ofNullable(Context.currentGraph());
  }

  @Override
  public Optional<ModelGraph> graphOf(KerasTensor x) {
    return Optional.ofNullable(TfModelGraph.owning(operand(x)));
  }

  // ------------------------------------------------------------------ helpers

  static Operand operand(KerasTensor x) {
    return ((TfTensor) x.value()).operand();
  }

  static KerasTensor wrap(Operand<?> operand) {
    return new KerasTensor(Tensors.staticShape(operand), Tensors.dtypeOf(operand.type()), new TfTensor(operand));
  }

  private static Ops tf() {
    return Context.current().tf();
  }

  private static Operand<TInt32> ints(int... values) {
    return tf().constant(values);
  }

  private static Operand<TInt32> scalarInt(int value) {
    return tf().constant(value);
  }

  private static Operand<TInt32> axes(KerasTensor x, int[] axes) {
    int rank = x.rank();
    int[] resolved = axes.length == 0
        ? IntStream.range(0, rank).toArray()
        : IntStream.of(axes).map(a -> x.shape().normalizeAxis(a)).toArray();
    return ints(resolved);
  }

  /** Operands of one dtype: an integer side is cast to the floating side, else to the wider type. */
  private static KerasTensor[] promote(KerasTensor x, KerasTensor y) {
    if (x.dtype() == y.dtype()) {
      return new KerasTensor[] {x, y};
    }
    DType common;
    if (x.dtype().isFloating() != y.dtype().isFloating()) {
      common = x.dtype().isFloating() ? x.dtype() : y.dtype();
    } else if (x.dtype().isFloating()) {
      common = DType.FLOAT64;
    } else {
      common = DType.INT64;
    }
    return new KerasTensor[] {castTo(x, common), castTo(y, common)};
  }

  private static KerasTensor castTo(KerasTensor x, DType dtype) {
    return x.dtype() == dtype ? x : wrap(tf().dtypes.cast(operand(x), Tensors.typeOf(dtype)));
  }

  private static Operand scalarOperand(double value, DType dtype) {
    Ops tf = tf();
    return switch (dtype) {
      case FLOAT32 -> tf.constant((float) value);
      case FLOAT64 -> tf.constant(value);
      case INT32 -> tf.constant((int) value);
      case INT64 -> tf.constant((long) value);
      case UINT8 -> tf.constant((byte) value);
      case BOOL -> tf.constant(value != 0);
      case STRING -> throw new IllegalArgumentException("A number cannot be a string tensor");
    };
  }

  // ------------------------------------------------------------------ creation

  @Override
  public KerasTensor constant(NdArray<?> value) {
    try (Tensor tensor = Tensors.toTensor(value)) {
      return wrap(tf().constantOf((TType) tensor));
    }
  }

  @Override
  public KerasTensor constant(double value, DType dtype) {
    return wrap(scalarOperand(value, dtype));
  }

  @Override
  public KerasTensor fill(Shape shape, double value, DType dtype) {
    long[] dims = shape.asArray();
    return wrap(tf().fill(tf().constant(dims), scalarOperand(value, dtype)));
  }

  @Override
  public KerasTensor random(RandomDistribution distribution, KerasTensor shape, DType dtype, long opSeed) {
    long seed = dev.jkeras.backend.RandomSeeds.resolve(opSeed);
    Ops tf = tf();
    Operand shapeOperand = operand(shape);
    Class type = Tensors.typeOf(dtype);
    Operand result = switch (distribution) {
      case UNIFORM -> seed == 0
          ? tf.random.randomUniform(shapeOperand, type)
          : tf.random.randomUniform(shapeOperand, type, RandomUniform.seed(seed), RandomUniform.seed2(seed));
      case NORMAL -> seed == 0
          ? tf.random.randomStandardNormal(shapeOperand, type)
          : tf.random.randomStandardNormal(shapeOperand, type, RandomStandardNormal.seed(seed), RandomStandardNormal.seed2(seed));
      case TRUNCATED_NORMAL -> seed == 0
          ? tf.random.truncatedNormal(shapeOperand, type)
          : tf.random.truncatedNormal(shapeOperand, type, TruncatedNormal.seed(seed), TruncatedNormal.seed2(seed));
    };
    return wrap(result);
  }

  @Override
  public KerasTensor shuffle(KerasTensor x, long opSeed) {
    long seed = dev.jkeras.backend.RandomSeeds.resolve(opSeed);
    Ops tf = tf();
    return wrap(seed == 0
        ? tf.random.randomShuffle(operand(x))
        : tf.random.randomShuffle(operand(x), RandomShuffle.seed(seed), RandomShuffle.seed2(seed)));
  }

  // ------------------------------------------------------------------ element-wise

  @Override
  public KerasTensor cast(KerasTensor x, DType dtype) {
    return castTo(x, dtype);
  }

  @Override
  public KerasTensor unary(UnaryOp op, KerasTensor x) {
    Ops tf = tf();
    Operand a = operand(x);
    Operand result = switch (op) {
      case NEGATE -> tf.math.neg(a);
      case ABS -> tf.math.abs(a);
      case SIGN -> tf.math.sign(a);
      case SQUARE -> tf.math.square(a);
      case SQRT -> tf.math.sqrt(a);
      case EXP -> tf.math.exp(a);
      case LOG -> tf.math.log(a);
      case LOG1P -> tf.math.log1p(a);
      case ERF -> tf.math.erf(a);
      case RELU -> tf.nn.relu(a);
      case SIGMOID -> tf.math.sigmoid(a);
      case TANH -> tf.math.tanh(a);
      case SOFTPLUS -> tf.math.softplus(a);
      case ELU -> tf.nn.elu(a);
      case SELU -> tf.nn.selu(a);
      case FLOOR -> tf.math.floor(a);
      case ROUND -> tf.math.round(a);
      case LOGICAL_NOT -> tf.math.logicalNot(a);
      // learning-rate schedules
      case COS -> tf.math.cos(a);
      case CEIL -> tf.math.ceil(a);
    };
    return wrap(result);
  }

  @Override
  public KerasTensor binary(BinaryOp op, KerasTensor x, KerasTensor y) {
    boolean logical = op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR;
    KerasTensor[] xy = logical ? new KerasTensor[] {x, y} : promote(x, y);
    Ops tf = tf();
    Operand a = operand(xy[0]);
    Operand b = operand(xy[1]);
    try {
      Operand result = switch (op) {
        case ADD -> isBias(xy[0], xy[1]) ? tf.nn.biasAdd(a, b)
            : isBias(xy[1], xy[0]) ? tf.nn.biasAdd(b, a) : tf.math.add(a, b);
        case SUBTRACT -> tf.math.sub(a, b);
        case MULTIPLY -> tf.math.mul(a, b);
        case DIVIDE -> xy[0].dtype().isFloating() ? tf.math.div(a, b) : tf.math.floorDiv(a, b);
        case DIVIDE_NO_NAN -> tf.math.divNoNan(a, b);
        case POWER -> tf.math.pow(a, b);
        case MAXIMUM -> tf.math.maximum(a, b);
        case MINIMUM -> tf.math.minimum(a, b);
        case EQUAL -> tf.math.equal(a, b);
        case NOT_EQUAL -> tf.math.notEqual(a, b);
        case GREATER -> tf.math.greater(a, b);
        case GREATER_EQUAL -> tf.math.greaterEqual(a, b);
        case LESS -> tf.math.less(a, b);
        case LESS_EQUAL -> tf.math.lessEqual(a, b);
        case LOGICAL_AND -> tf.math.logicalAnd(a, b);
        case LOGICAL_OR -> tf.math.logicalOr(a, b);
      };
      return wrap(result);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException(
          "Cannot apply " + op.name().toLowerCase() + " to shapes " + x.shape() + " and " + y.shape()
              + ": " + ErrorMessages.clean(e), e);
    }
  }

  /**
   * True when adding {@code bias} to {@code x} is a bias addition (a vector along the last axis):
   * TensorFlow's BiasAdd then computes it, whose gradient is one op instead of a broadcast reduction.
   */
  private static boolean isBias(KerasTensor x, KerasTensor bias) {
    return bias.rank() == 1 && x.rank() >= 2 && x.dtype().isFloating()
        && bias.shape().get(0) != Shape.UNKNOWN && bias.shape().get(0) == x.shape().get(-1);
  }

  @Override
  public KerasTensor leakyRelu(KerasTensor x, double negativeSlope) {
    return wrap(tf().nn.leakyRelu(operand(x), LeakyRelu.alpha((float) negativeSlope)));
  }

  @Override
  public KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y) {
    KerasTensor[] xy = promote(x, y);
    return wrap(tf().select(operand(condition), operand(xy[0]), operand(xy[1])));
  }

  // ------------------------------------------------------------------ reductions

  @Override
  public KerasTensor reduce(ReduceOp op, KerasTensor x, int[] axes, boolean keepDims) {
    Ops tf = tf();
    Operand a = operand(x);
    Operand<TInt32> dims = axes(x, axes);
    Operand result = switch (op) {
      case SUM -> tf.sum(a, dims, org.tensorflow.op.core.Sum.keepDims(keepDims));
      case MEAN -> tf.math.mean(a, dims, org.tensorflow.op.math.Mean.keepDims(keepDims));
      case MAX -> tf.max(a, dims, org.tensorflow.op.core.Max.keepDims(keepDims));
      case MIN -> tf.min(a, dims, org.tensorflow.op.core.Min.keepDims(keepDims));
      case PROD -> tf.prod(a, dims, org.tensorflow.op.core.Prod.keepDims(keepDims));
    };
    return wrap(result);
  }

  @Override
  public KerasTensor argmax(KerasTensor x, int axis) {
    return wrap(tf().math.argMax(operand(x), scalarInt(x.shape().normalizeAxis(axis))));
  }

  // ------------------------------------------------------------------ nn

  @Override
  public KerasTensor matmul(KerasTensor a, KerasTensor b) {
    if (a.rank() != 2 || b.rank() != 2) {
      throw new IllegalArgumentException(
          "matmul supports 2-D tensors; got shapes " + a.shape() + " and " + b.shape());
    }
    if (a.shape().get(1) != Shape.UNKNOWN && b.shape().get(0) != Shape.UNKNOWN
        && a.shape().get(1) != b.shape().get(0)) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ, shapes " + a.shape() + " and " + b.shape());
    }
    KerasTensor[] ab = promote(a, b);
    return wrap(tf().linalg.matMul(operand(ab[0]), operand(ab[1])));
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

  @Override
  public KerasTensor logSoftmax(KerasTensor x, int axis) {
    requireLastAxis(x, axis, "log_softmax");
    return wrap(tf().nn.logSoftmax(operand(x)));
  }

  @Override
  public KerasTensor oneHot(KerasTensor indices, int depth, DType dtype) {
    KerasTensor ints = indices.dtype().isFloating() || indices.dtype() == DType.BOOL
        ? castTo(indices, DType.INT64) : indices;
    return wrap(tf().oneHot(operand(ints), scalarInt(depth), scalarOperand(1, dtype), scalarOperand(0, dtype)));
  }

  // ------------------------------------------------------------------ shapes

  @Override
  public KerasTensor reshape(KerasTensor x, Shape shape) {
    try {
      return wrap(tf().reshape(operand(x), tf().constant(shape.asArray())));
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException(
          "Cannot reshape a tensor of shape " + x.shape() + " to " + shape + ": " + ErrorMessages.clean(e), e);
    }
  }

  @Override
  public KerasTensor expandDims(KerasTensor x, int axis) {
    int resolved = axis < 0 ? axis + x.rank() + 1 : axis;
    return wrap(tf().expandDims(operand(x), scalarInt(resolved)));
  }

  @Override
  public KerasTensor squeeze(KerasTensor x, int axis) {
    return wrap(tf().squeeze(operand(x), org.tensorflow.op.core.Squeeze.axis(List.of((long) x.shape().normalizeAxis(axis)))));
  }

  @Override
  public KerasTensor concatenate(List<KerasTensor> xs, int axis) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("concatenate needs at least one tensor");
    }
    List<Operand> operands = new ArrayList<>();
    DType dtype = xs.get(0).dtype();
    for (KerasTensor x : xs) {
      operands.add(operand(castTo(x, dtype)));
    }
    int resolved = xs.get(0).shape().normalizeAxis(axis);
    try {
      return wrap(tf().concat((Iterable) operands, scalarInt(resolved)));
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot concatenate shapes "
          + xs.stream().map(t -> t.shape().toString()).toList() + " along axis " + axis + ": "
          + ErrorMessages.clean(e), e);
    }
  }

  @Override
  public KerasTensor shapeOf(KerasTensor x) {
    return wrap(tf().shape(operand(x)));
  }

  @Override
  public KerasTensor gather(KerasTensor x, KerasTensor indices) {
    return wrap(tf().gather(operand(x), operand(indices), scalarInt(0)));
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
    org.tensorflow.Operation producer = operand(x).op();
    if (producer instanceof org.tensorflow.GraphOperation graphOp && graphOp.type().equals(opType)
        && graphOp.numInputs() == 1) {
      return Optional.of(wrap(graphOp.input(0)));
    }
    return Optional.empty();
  }

  @Override
  public KerasTensor stopGradient(KerasTensor x) {
    return wrap(tf().stopGradient(operand(x)));
  }

  // ------------------------------------------------------------------ recurrent layers, orthogonal initializer

  @Override
  public List<KerasTensor> unstack(KerasTensor x, int axis) {
    int resolved = x.shape().normalizeAxis(axis);
    long count = x.shape().get(resolved);
    if (count == Shape.UNKNOWN) {
      throw new IllegalArgumentException("unstack needs a known size along axis " + axis + ", got shape " + x.shape());
    }
    org.tensorflow.op.core.Unstack unstack = tf().unstack(operand(x), count,
        org.tensorflow.op.core.Unstack.axis((long) resolved));
    List<KerasTensor> parts = new ArrayList<>();
    for (Object part : unstack.output()) {
      parts.add(wrap((Operand<?>) part));
    }
    return parts;
  }

  @Override
  public KerasTensor stack(List<KerasTensor> xs, int axis) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("stack needs at least one tensor");
    }
    List<Operand> operands = new ArrayList<>();
    for (KerasTensor x : xs) {
      operands.add(operand(x));
    }
    int rank = xs.get(0).rank() + 1;
    long resolved = axis < 0 ? axis + rank : axis;
    return wrap(tf().stack((Iterable) operands, org.tensorflow.op.core.Stack.axis(resolved)));
  }

  @Override
  public List<KerasTensor> split(KerasTensor x, int sections, int axis) {
    int resolved = x.shape().normalizeAxis(axis);
    long size = x.shape().get(resolved);
    if (size != Shape.UNKNOWN && size % sections != 0) {
      throw new IllegalArgumentException("Cannot split shape " + x.shape() + " into " + sections
          + " equal parts along axis " + axis);
    }
    org.tensorflow.op.core.Split split = tf().split(scalarInt(resolved), operand(x), (long) sections);
    List<KerasTensor> parts = new ArrayList<>();
    for (Object part : split.output()) {
      parts.add(wrap((Operand<?>) part));
    }
    return parts;
  }

  @Override
  public KerasTensor fill(KerasTensor shape, double value, DType dtype) {
    return wrap(tf().fill(operand(shape), scalarOperand(value, dtype)));
  }

  @Override
  public KerasTensor transpose(KerasTensor x, int[] perm) {
    return wrap(tf().linalg.transpose(operand(x), ints(perm)));
  }

  @Override
  public List<KerasTensor> qr(KerasTensor x) {
    org.tensorflow.op.linalg.Qr qr = tf().linalg.qr(operand(x), org.tensorflow.op.linalg.Qr.fullMatrices(false));
    return List.of(wrap(qr.q()), wrap(qr.r()));
  }

  // ------------------------------------------------------------------ determinism (train)

  @Override
  public void enableOpDeterminism() {
    NativeLibrary.enableOpDeterminism();
  }

  // ------------------------------------------------------------------ convolution and pooling

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
    Ops tf = tf();
    boolean oneD = x.rank() == 3;
    Operand input = operand(xk[0]);
    Operand filter = operand(xk[1]);
    if (oneD) {
      input = tf.expandDims(input, scalarInt(1));
      filter = tf.expandDims(filter, scalarInt(0));
    }
    int[] dilation = asTwoD(dilationRate);
    if (dilation[0] > 1 || dilation[1] > 1) {
      filter = dilateKernel(tf, filter, kernel.shape(), oneD, dilation);
    }
    try {
      Operand output = tf.nn.conv2d(input, filter, nhwc(asTwoD(strides)), padding.toUpperCase(java.util.Locale.ROOT));
      if (oneD) {
        output = tf.squeeze(output, org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
      }
      return wrap(output);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot convolve inputs of shape " + x.shape() + " with a kernel of shape "
          + kernel.shape() + ": " + ErrorMessages.clean(e), e);
    }
  }

  /**
   * The kernel with {@code d - 1} zeros between its taps along each spatial axis, so a plain convolution
   * computes the dilated one. TensorFlow's C++ gradient of {@code Conv2D} ignores the {@code dilations}
   * attribute (its backprop ops then get inconsistent shapes), so dilation is not left to that attribute;
   * the zero-inserting matrix product here has registered gradients.
   */
  private static Operand dilateKernel(Ops tf, Operand filter, Shape kernelShape, boolean oneD, int[] dilation) {
    long[] dims = kernelShape.asArray();
    long[] k4 = oneD ? new long[] {1, dims[0], dims[1], dims[2]} : dims;
    for (long d : k4) {
      if (d == Shape.UNKNOWN) {
        throw new IllegalArgumentException("A dilated convolution needs a kernel of known shape, got " + kernelShape);
      }
    }
    Operand result = filter;
    long[] current = k4.clone();
    for (int axis = 0; axis < 2; axis++) {
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
      Operand moved = axis == 0 ? result : tf.linalg.transpose(result, ints(1, 0, 2, 3));
      long[] movedShape = axis == 0 ? current : new long[] {current[1], current[0], current[2], current[3]};
      long rest = movedShape[1] * movedShape[2] * movedShape[3];
      Operand flat = tf.reshape(moved, tf.constant(new long[] {movedShape[0], rest}));
      Operand product = tf.linalg.matMul(matrix, flat);
      Operand back = tf.reshape(product, tf.constant(new long[] {dilated, movedShape[1], movedShape[2], movedShape[3]}));
      result = axis == 0 ? back : tf.linalg.transpose(back, ints(1, 0, 2, 3));
      current[axis] = dilated;
    }
    return result;
  }

  @Override
  public KerasTensor pool(dev.jkeras.backend.PoolMode mode, KerasTensor x, int[] poolSize, int[] strides,
      String padding) {
    Ops tf = tf();
    boolean oneD = x.rank() == 3;
    Operand input = oneD ? tf.expandDims(operand(x), scalarInt(1)) : operand(x);
    String tfPadding = padding.toUpperCase(java.util.Locale.ROOT);
    try {
      Operand output;
      if (mode == dev.jkeras.backend.PoolMode.MAX) {
        // TensorFlow's MaxPool with attributes (tf.nn.max_pool2d), not MaxPoolV2 with tensor arguments.
        org.tensorflow.OperationBuilder builder = tf.scope().opBuilder("MaxPool", "MaxPool");
        builder.addInput(input.asOutput());
        builder.setAttr("ksize", toLongs(nhwc(asTwoD(poolSize))));
        builder.setAttr("strides", toLongs(nhwc(asTwoD(strides))));
        builder.setAttr("padding", tfPadding);
        output = builder.build().output(0);
      } else {
        output = tf.nn.avgPool(input, nhwc(asTwoD(poolSize)), nhwc(asTwoD(strides)), tfPadding);
      }
      if (oneD) {
        output = tf.squeeze(output, org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
      }
      return wrap(output);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException("Cannot pool inputs of shape " + x.shape() + " with pool size "
          + java.util.Arrays.toString(poolSize) + ": " + ErrorMessages.clean(e), e);
    }
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public KerasTensor pad(KerasTensor x, int[][] paddings) {
    Ops tf = tf();
    int[][] copy = new int[paddings.length][];
    for (int i = 0; i < paddings.length; i++) {
      copy[i] = paddings[i].clone();
    }
    Operand widths = tf.constant(copy);
    return wrap(tf.pad(operand(x), widths, scalarOperand(0, x.dtype())));
  }

  @Override
  public KerasTensor repeat(KerasTensor x, int repeats, int axis) {
    Ops tf = tf();
    int rank = x.rank();
    Operand expanded = tf.expandDims(operand(x), scalarInt(axis + 1));
    int[] multiples = new int[rank + 1];
    java.util.Arrays.fill(multiples, 1);
    multiples[axis + 1] = repeats;
    Operand tiled = tf.tile(expanded, ints(multiples));
    long[] target = x.shape().asArray();
    long unknown = java.util.Arrays.stream(target).filter(d -> d == Shape.UNKNOWN).count();
    if (target[axis] != Shape.UNKNOWN) {
      target[axis] *= repeats;
    }
    if (unknown <= 1) {
      return wrap(tf.reshape(tiled, tf.constant(target)));
    }
    int[] scale = new int[rank];
    java.util.Arrays.fill(scale, 1);
    scale[axis] = repeats;
    return wrap(tf.reshape(tiled, tf.math.mul(tf.shape(operand(x)), ints(scale))));
  }
}
