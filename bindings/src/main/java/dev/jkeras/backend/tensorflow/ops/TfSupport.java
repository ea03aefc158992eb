package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/** What the TensorFlow op families share: int constants, resolved axes and dtype promotion. */
@SuppressWarnings("rawtypes")
final class TfSupport {
  private TfSupport() {}

  static Operand<TInt32> ints(int... values) {
    return tf().constant(values);
  }

  static Operand<TInt32> scalarInt(int value) {
    return tf().constant(value);
  }

  /** {@code axes} of {@code x} as non-negative ints; none means every axis. */
  static Operand<TInt32> axes(KerasTensor x, int[] axes) {
    int rank = x.rank();
    int[] resolved = axes.length == 0
        ? IntStream.range(0, rank).toArray()
        : IntStream.of(axes).map(a -> x.shape().normalizeAxis(a)).toArray();
    return ints(resolved);
  }

  /** Operands of one dtype: an integer side is cast to the floating side, else to the wider type. */
  static KerasTensor[] promote(KerasTensor x, KerasTensor y) {
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

  static KerasTensor castTo(KerasTensor x, DType dtype) {
    if (x.dtype() == dtype) {
      return x;
    }
    return wrap(dtype == DType.INT8 ? dev.jkeras.backend.tensorflow.Int8Operands.cast(tf(), operand(x))
        : tf().dtypes.cast(operand(x), Tensors.typeOf(dtype)));
  }

  static Operand scalarOperand(double value, DType dtype) {
    Ops tf = tf();
    return switch (dtype) {
      case FLOAT32 -> tf.constant((float) value);
      case FLOAT64 -> tf.constant(value);
      case INT32 -> tf.constant((int) value);
      case INT64 -> tf.constant((long) value);
      case UINT8 -> tf.constant((byte) value);
      case BOOL -> tf.constant(value != 0);
      case STRING -> throw new IllegalArgumentException("A number cannot be a string tensor");
      case INT8 -> dev.jkeras.backend.tensorflow.Int8Operands.cast(tf, tf.constant((int) value));
    };
  }
}
