package dev.jkeras.backend.tensorflow.ops;

import static dev.jkeras.backend.tensorflow.TfOperands.operand;
import static dev.jkeras.backend.tensorflow.TfOperands.tf;
import static dev.jkeras.backend.tensorflow.TfOperands.wrap;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ops.LinalgBackend;
import java.util.List;
import org.tensorflow.op.linalg.Qr;

/** The linalg family in TensorFlow (Keras's {@code backend/tensorflow/linalg.py}). */
@SuppressWarnings("unchecked")
public final class TfLinalg implements LinalgBackend {

  @Override
  public List<KerasTensor> qr(KerasTensor x) {
    Qr qr = tf().linalg.qr(operand(x), Qr.fullMatrices(false));
    return List.of(wrap(qr.q()), wrap(qr.r()));
  }
}
