package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.stream.IntStream;

/**
 * The masks of multi-head attention as Keras builds them: the inputs' masks, the causal and
 * sliding-window masks over (query position, key position), and Keras's masked softmax.
 */
final class AttentionMasks {
  private AttentionMasks() {}

  /**
   * Keras's {@code _compute_attention_mask}: the query's mask {@code (B, T, 1)}, the value's and key's
   * {@code (B, 1, S)}, the causal mask, the sliding window (null: none) and {@code attentionMask},
   * and-ed; null when there is none.
   */
  static KerasTensor combined(KerasTensor query, KerasTensor value, KerasTensor queryMask, KerasTensor valueMask,
      KerasTensor keyMask, KerasTensor attentionMask, boolean useCausalMask, Integer slidingWindow) {
    KerasTensor auto = null;
    if (queryMask != null) {
      auto = Ops.expandDims(Ops.cast(queryMask, DType.BOOL), -1);
    }
    if (valueMask != null) {
      auto = and(auto, Ops.expandDims(Ops.cast(valueMask, DType.BOOL), -2));
    }
    if (keyMask != null) {
      auto = and(auto, Ops.expandDims(Ops.cast(keyMask, DType.BOOL), -2));
    }
    if (useCausalMask) {
      auto = and(auto, causal(query, value));
    }
    if (slidingWindow != null) {
      auto = and(auto, Ops.less(Ops.abs(rowMinusColumn(query, value)), slidingWindow));
    }
    KerasTensor given = attentionMask == null ? null : Ops.cast(attentionMask, DType.BOOL);
    return auto == null ? given : given == null ? auto : Ops.logicalAnd(given, auto);
  }

  private static KerasTensor and(KerasTensor a, KerasTensor b) {
    return a == null ? b : Ops.logicalAnd(a, b);
  }

  /** The {@code (1, T, S)} lower-triangular mask: query position t sees key positions s <= t. */
  static KerasTensor causal(KerasTensor query, KerasTensor value) {
    return Ops.greaterEqual(rowMinusColumn(query, value), 0.0);
  }

  /** {@code t - s} for each query position t (axis 1 of query) and key position s (axis 1 of value), {@code (1, T, S)}. */
  private static KerasTensor rowMinusColumn(KerasTensor query, KerasTensor value) {
    KerasTensor shape = Ops.concatenate(new KerasTensor[] {Ops.cast(Ops.convertToTensor(
        org.tensorflow.ndarray.StdArrays.ndCopyOf(new int[] {1})), DType.INT32),
        Ops.slice(Ops.cast(Ops.shape(query), DType.INT32), new int[] {1}, new int[] {1}),
        Ops.slice(Ops.cast(Ops.shape(value), DType.INT32), new int[] {1}, new int[] {1})}, 0);
    KerasTensor ones = Ops.add(Ops.zeros(shape, DType.INT32), 1L);
    return Ops.subtract(Ops.cumsum(ones, -2), Ops.cumsum(ones, -1));
  }

  /**
   * Keras's {@code Softmax(axis=norm_axes)} over the last {@code normAxes} axes of {@code scores}, with
   * {@code mask} (may be null) expanded from the heads axis: masked entries get 0.
   */
  static KerasTensor maskedSoftmax(KerasTensor scores, KerasTensor mask, int normAxes, String layer) {
    int[] axes = IntStream.range(scores.rank() - normAxes, scores.rank()).toArray();
    KerasTensor m = mask;
    if (m != null) {
      checkMask(m, scores, layer);
      int axis = -normAxes * 2 - 1;
      while (m.rank() < scores.rank()) {
        m = Ops.expandDims(m, axis);
      }
      m = m.dtype() == DType.BOOL ? m : Ops.greater(m, 0.5);
      scores = Ops.where(m, scores, Ops.scalar(-1e9, scores.dtype()));
    }
    KerasTensor shifted = Ops.subtract(scores, Ops.stopGradient(Ops.max(scores, axes, true)));
    KerasTensor e = Ops.exp(shifted);
    KerasTensor out = Ops.divide(e, Ops.sum(e, axes, true));
    return m == null ? out : Ops.where(m, out, Ops.scalar(0, out.dtype()));
  }

  /** Keras's check that the attention mask broadcasts to the scores once expanded from the heads axis. */
  private static void checkMask(KerasTensor mask, KerasTensor scores, String layer) {
    boolean fits = mask.rank() <= scores.rank();
    for (int i = 1; fits && i <= mask.rank(); i++) {
      long m = mask.shape().get(mask.rank() - i);
      long s = scores.shape().get(scores.rank() - i);
      fits = m == 1 || m == Shape.UNKNOWN || s == Shape.UNKNOWN || m == s;
    }
    if (!fits) {
      throw new IllegalArgumentException("Layer \"" + layer + "\" (MultiHeadAttention): the attention mask of shape "
          + mask.shape() + " does not broadcast to the attention scores " + scores.shape() + " (batch, heads, "
          + "query positions, key positions); give attention_mask the shape (B, T, S)");
    }
  }
}
