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

  /**
   * The {@code k} largest values along the last axis and their int32 indices, {@code [values, indices]},
   * as {@code keras.ops.top_k}; ties keep the lower index first. The values are differentiable.
   */
  public static java.util.List<KerasTensor> topK(KerasTensor x, int k, boolean sorted) {
    if (x.rank() < 1) {
      throw new IllegalArgumentException("top_k needs a tensor of rank >= 1, got a scalar");
    }
    long size = x.shape().get(-1);
    if (k < 0 || (size != dev.jkeras.Shape.UNKNOWN && k > size)) {
      throw new IllegalArgumentException("top_k: k must be in [0, " + (size == dev.jkeras.Shape.UNKNOWN ? "size" : size)
          + "] for the last axis of shape " + x.shape() + ", got k=" + k);
    }
    KerasTensor indices = backend().numpy().topKIndices(x, k, sorted);
    return java.util.List.of(backend().numpy().gatherLastAxis(x, indices), indices);
  }

  /** As {@link #topK(KerasTensor, int, boolean)}, sorted. */
  public static java.util.List<KerasTensor> topK(KerasTensor x, int k) {
    return topK(x, k, true);
  }
}
