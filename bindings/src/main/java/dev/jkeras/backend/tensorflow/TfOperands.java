package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TString;

/**
 * The bridge between jkeras tensors and TensorFlow operands, for the backend's packages: a {@link
 * KerasTensor}'s operand, an operand as a {@link KerasTensor}, and the op builder of the current
 * context (the graph being traced or the eager session).
 */
@SuppressWarnings("rawtypes")
public final class TfOperands {
  private TfOperands() {}

  /** The TensorFlow operand behind {@code x}. */
  public static Operand operand(KerasTensor x) {
    return Context.resolve(((TfTensor) x.value()).operand());
  }

  /** {@code operand} as a jkeras tensor, with its static shape and dtype. */
  public static KerasTensor wrap(Operand<?> operand) {
    DType dtype = Tensors.dtypeOf(operand.asOutput().dataType());
    if (dtype == null) {
      throw new IllegalArgumentException("TensorFlow type " + operand.asOutput().dataType() + " is not supported by jkeras");
    }
    return new KerasTensor(Tensors.staticShape(operand), dtype, new TfTensor(operand));
  }

  /** A constant string vector holding {@code values} (UTF-8), built with {@code tf}. */
  public static Operand<TString> stringVector(Ops tf, List<String> values) {
    try (TString tensor = TString.tensorOf(org.tensorflow.ndarray.Shape.of(values.size()),
        org.tensorflow.ndarray.buffer.DataBuffers.of(values.toArray(String[]::new), true, false))) {
      return tf.constantOf(tensor);
    }
  }

  /** The op builder of this thread's innermost context; fails outside any. */
  public static Ops tf() {
    return Context.current().tf();
  }

  /**
   * Runs {@code body} with {@code tf} as the current context, outside any model graph: what jkeras
   * {@code Ops} build in it lands in {@code tf}'s graph (e.g. the body of a function being traced).
   */
  public static <T> T buildingIn(Ops tf, java.util.function.Supplier<T> body) {
    return Context.with(tf, null, body);
  }

  /** The jkeras shape of an operand whose rank is known. */
  public static dev.jkeras.Shape staticShape(Operand<?> operand) {
    return Tensors.staticShape(operand);
  }
}
