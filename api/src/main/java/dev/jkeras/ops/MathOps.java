package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;
import static dev.jkeras.ops.OpSupport.floating;

import dev.jkeras.KerasTensor;

/** Special functions, as Keras's {@code keras.ops} math family. {@link Ops} re-exports every function here. */
public final class MathOps {
  private MathOps() {}

  public static KerasTensor erf(KerasTensor x) {
    return backend().math().erf(floating(x));
  }

  /** {@code 1 / sqrt(x)}. */
  public static KerasTensor rsqrt(KerasTensor x) {
    return NumpyOps.power(x, -0.5);
  }
}
