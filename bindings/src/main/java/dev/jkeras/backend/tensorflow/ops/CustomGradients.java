package dev.jkeras.backend.tensorflow.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;
import org.tensorflow.internal.c_api.TFJ_GradFuncAdapter;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * jkeras's gradients for the op types TensorFlow's C++ gradient registry lacks, behind one native adapter.
 *
 * <p>TF Java 1.1.0's {@code TensorFlow.registerCustomGradient} makes one native callback per op type, and once
 * several of them have been called a gradient can reach the wrong one (a {@code StatelessWhile}'s gradient ran
 * {@code StatelessIf}'s after a CTC gradient had run). Here every op type is registered with the same adapter,
 * which dispatches on the operation's type.
 */
final class CustomGradients {
  private static final Map<String, RawCustomGradient> BY_OP_TYPE = new ConcurrentHashMap<>();
  private static final RawCustomGradient DISPATCH = CustomGradients::dispatch;
  /** Held for the life of the process: the native registry keeps a pointer to it. */
  private static final TFJ_GradFuncAdapter ADAPTER = RawCustomGradient.adapter(DISPATCH);

  private CustomGradients() {}

  /** Registers {@code gradient} for {@code opType} unless jkeras or TensorFlow already has one for it. */
  static synchronized void register(String opType, RawCustomGradient gradient) {
    if (BY_OP_TYPE.putIfAbsent(opType, gradient) != null) {
      return;
    }
    if (!tensorflow.TFJ_RegisterCustomGradient(opType, ADAPTER)) {
      BY_OP_TYPE.remove(opType); // TensorFlow has its own gradient for this op type, and keeps it
    }
  }

  private static List<Operand<?>> dispatch(Ops tf, GraphOperation op, List<Output<?>> gradInputs) {
    RawCustomGradient gradient = BY_OP_TYPE.get(op.type());
    if (gradient == null) {
      throw new IllegalStateException("No jkeras gradient for op type " + op.type());
    }
    return gradient.call(tf, op, gradInputs);
  }
}
