package dev.jkeras.ops;

import static dev.jkeras.ops.OpSupport.backend;

import dev.jkeras.KerasTensor;
import java.util.List;

/** Linear algebra, as Keras's {@code keras.ops.linalg}. {@link Ops} re-exports every function here. */
public final class LinalgOps {
  private LinalgOps() {}

  /** The reduced QR decomposition of a matrix, {@code [q, r]}, as {@code keras.ops.linalg.qr}. */
  public static List<KerasTensor> qr(KerasTensor x) {
    return backend().linalg().qr(x);
  }
}
