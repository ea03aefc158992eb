package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.castTo;
import static dev.jkeras.backend.tensorflow.ops.TfSupport.scalarOperand;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ops.CoreBackend;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.family.TType;

/** The core family in TensorFlow (Keras's {@code backend/tensorflow/core.py}). */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfCore implements CoreBackend {

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
  public KerasTensor cast(KerasTensor x, DType dtype) {
    return castTo(x, dtype);
  }

  @Override
  public KerasTensor shapeOf(KerasTensor x) {
    return wrap(tf().shape(operand(x)));
  }

  @Override
  public KerasTensor stopGradient(KerasTensor x) {
    return wrap(tf().stopGradient(operand(x)));
  }

  @Override
  public List<KerasTensor> unstack(KerasTensor x, int axis) {
    int resolved = x.shape().normalizeAxis(axis);
    long count = x.shape().get(resolved);
    if (count == Shape.UNKNOWN) {
      throw new IllegalArgumentException("unstack needs a known size along axis " + axis + ", got shape " + x.shape());
    }
    Unstack unstack = tf().unstack(operand(x), count, Unstack.axis((long) resolved));
    List<KerasTensor> parts = new ArrayList<>();
    for (Object part : unstack.output()) {
      parts.add(wrap((Operand<?>) part));
    }
    return parts;
  }
}
