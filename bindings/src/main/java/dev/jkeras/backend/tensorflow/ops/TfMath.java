package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ops.MathBackend;

/** The math family in TensorFlow (Keras's {@code backend/tensorflow/math.py}). */
@SuppressWarnings("unchecked")
public final class TfMath implements MathBackend {

  @Override
  public KerasTensor erf(KerasTensor x) {
    return wrap(tf().math.erf(operand(x)));
  }
}
