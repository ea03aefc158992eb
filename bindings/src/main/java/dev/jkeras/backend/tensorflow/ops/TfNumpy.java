package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.axes;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.castTo;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.ints;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.promote;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.scalarInt;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.scalarOperand;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.BinaryOp;
import dev.jkeras.backend.ReduceOp;
import dev.jkeras.backend.UnaryOp;
import dev.jkeras.backend.ops.NumpyBackend;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Min;
import org.tensorflow.op.core.Prod;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TInt32;

/** The numpy family in TensorFlow (Keras's {@code backend/tensorflow/numpy.py}). */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfNumpy implements NumpyBackend {

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
      case TANH -> tf.math.tanh(a);
      case FLOOR -> tf.math.floor(a);
      case ROUND -> tf.math.round(a);
      case LOGICAL_NOT -> tf.math.logicalNot(a);
      case COS -> tf.math.cos(a);
      case CEIL -> tf.math.ceil(a);
      case SIN -> tf.math.sin(a);
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
  public KerasTensor where(KerasTensor condition, KerasTensor x, KerasTensor y) {
    KerasTensor[] xy = promote(x, y);
    return wrap(tf().select(operand(condition), operand(xy[0]), operand(xy[1])));
  }

  @Override
  public KerasTensor reduce(ReduceOp op, KerasTensor x, int[] axes, boolean keepDims) {
    Ops tf = tf();
    Operand a = operand(x);
    Operand<TInt32> dims = axes(x, axes);
    Operand result = switch (op) {
      case SUM -> tf.sum(a, dims, Sum.keepDims(keepDims));
      case MEAN -> tf.math.mean(a, dims, Mean.keepDims(keepDims));
      case MAX -> tf.max(a, dims, Max.keepDims(keepDims));
      case MIN -> tf.min(a, dims, Min.keepDims(keepDims));
      case PROD -> tf.prod(a, dims, Prod.keepDims(keepDims));
    };
    return wrap(result);
  }

  @Override
  public KerasTensor argmax(KerasTensor x, int axis) {
    return wrap(tf().math.argMax(operand(x), scalarInt(x.shape().normalizeAxis(axis))));
  }

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

  @Override
  public KerasTensor fill(Shape shape, double value, DType dtype) {
    long[] dims = shape.asArray();
    return wrap(tf().fill(tf().constant(dims), scalarOperand(value, dtype)));
  }

  @Override
  public KerasTensor fill(KerasTensor shape, double value, DType dtype) {
    return wrap(tf().fill(operand(shape), scalarOperand(value, dtype)));
  }

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
  public KerasTensor reshape(KerasTensor x, KerasTensor shape) {
    try {
      return wrap(tf().reshape(operand(x), operand(shape)));
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalArgumentException(
          "Cannot reshape a tensor of shape " + x.shape() + " to the shape tensor " + shape + ": "
              + ErrorMessages.clean(e), e);
    }
  }

  @Override
  public KerasTensor expandDims(KerasTensor x, int axis) {
    int resolved = axis < 0 ? axis + x.rank() + 1 : axis;
    return wrap(tf().expandDims(operand(x), scalarInt(resolved)));
  }

  @Override
  public KerasTensor squeeze(KerasTensor x, int axis) {
    return wrap(tf().squeeze(operand(x), Squeeze.axis(List.of((long) x.shape().normalizeAxis(axis)))));
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
  public KerasTensor gather(KerasTensor x, KerasTensor indices) {
    return wrap(tf().gather(operand(x), operand(indices), scalarInt(0)));
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
    return wrap(tf().stack((Iterable) operands, Stack.axis(resolved)));
  }

  @Override
  public List<KerasTensor> split(KerasTensor x, int sections, int axis) {
    int resolved = x.shape().normalizeAxis(axis);
    long size = x.shape().get(resolved);
    if (size != Shape.UNKNOWN && size % sections != 0) {
      throw new IllegalArgumentException("Cannot split shape " + x.shape() + " into " + sections
          + " equal parts along axis " + axis);
    }
    Split split = tf().split(scalarInt(resolved), operand(x), (long) sections);
    List<KerasTensor> parts = new ArrayList<>();
    for (Object part : split.output()) {
      parts.add(wrap((Operand<?>) part));
    }
    return parts;
  }

  @Override
  public KerasTensor transpose(KerasTensor x, int[] perm) {
    return wrap(tf().linalg.transpose(operand(x), ints(perm)));
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
    Arrays.fill(multiples, 1);
    multiples[axis + 1] = repeats;
    Operand tiled = tf.tile(expanded, ints(multiples));
    long[] target = x.shape().asArray();
    long unknown = Arrays.stream(target).filter(d -> d == Shape.UNKNOWN).count();
    if (target[axis] != Shape.UNKNOWN) {
      target[axis] *= repeats;
    }
    if (unknown <= 1) {
      return wrap(tf.reshape(tiled, tf.constant(target)));
    }
    int[] scale = new int[rank];
    Arrays.fill(scale, 1);
    scale[axis] = repeats;
    return wrap(tf.reshape(tiled, tf.math.mul(tf.shape(operand(x)), ints(scale))));
  }

  @Override
  public KerasTensor flip(KerasTensor x, int axis) {
    return wrap(tf().reverse(operand(x), ints(axis)));
  }

  @Override
  public KerasTensor digitize(KerasTensor x, float[] bins) {
    java.util.List<Float> boundaries = new ArrayList<>(bins.length);
    for (float b : bins) {
      boundaries.add(b);
    }
    KerasTensor input = x.dtype() == DType.BOOL || x.dtype() == DType.UINT8 ? castTo(x, DType.FLOAT32) : x;
    return wrap(tf().bucketize(operand(input), boundaries));
  }

  // ---------------------------------------------------------------- sequence ops (issue 16)

  @Override
  public KerasTensor range(double start, double stop, double step, DType dtype) {
    return wrap(tf().range(scalarOperand(start, dtype), scalarOperand(stop, dtype), scalarOperand(step, dtype)));
  }

  @Override
  public KerasTensor tile(KerasTensor x, int[] multiples) {
    return wrap(tf().tile(operand(x), ints(multiples)));
  }

  @Override
  public KerasTensor cumsum(KerasTensor x, int axis) {
    return wrap(tf().math.cumsum(operand(x), scalarInt(axis)));
  }

  @Override
  public KerasTensor cumprod(KerasTensor x, int axis) {
    return wrap(tf().math.cumprod(operand(x), scalarInt(axis)));
  }

  @Override
  public KerasTensor topKIndices(KerasTensor x, int k, boolean sorted) {
    TopK top = tf().nn.topK(operand(x), scalarInt(k), new TopK.Options[] {TopK.sorted(sorted)});
    return wrap(top.indices());
  }

  @Override
  public KerasTensor gatherLastAxis(KerasTensor x, KerasTensor indices) {
    int last = x.rank() - 1;
    return wrap(tf().gather(operand(x), operand(indices), scalarInt(last), Gather.batchDims((long) last)));
  }

  @Override
  public KerasTensor classify(String kind, KerasTensor x) {
    Operand a = operand(x);
    return wrap(switch (kind) {
      case "nan" -> tf().math.isNan(a);
      case "inf" -> tf().math.isInf(a);
      case "finite" -> tf().math.isFinite(a);
      default -> throw new IllegalArgumentException("Unknown element class " + kind);
    });
  }

  @Override
  public KerasTensor roll(KerasTensor x, int shift, int axis) {
    return wrap(tf().roll(operand(x), scalarInt(shift), scalarInt(axis)));
  }

  @Override
  public KerasTensor slice(KerasTensor x, int[] start, int[] size) {
    return wrap(tf().slice(operand(x), ints(start), ints(size)));
  }

  // ---------------------------------------------------------------- attention ops (issue 16)

  @Override
  public KerasTensor einsum(String equation, List<KerasTensor> operands) {
    List<Operand<?>> inputs = new ArrayList<>();
    operands.forEach(t -> inputs.add(operand(t)));
    return wrap(tf().linalg.einsum((Iterable) inputs, equation));
  }
}
