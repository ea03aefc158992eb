package dev.jkeras.ops;

import static dev.jkeras.ops.CoreOps.cast;
import static dev.jkeras.ops.CoreOps.scalar;
import static dev.jkeras.ops.OpSupport.backend;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * Einstein summation and scaled dot-product attention, as Keras's {@code keras.ops.einsum} and
 * {@code keras.ops.dot_product_attention}. {@link Ops} re-exports every function here.
 */
public final class AttentionOps {
  /** Keras's masked-logit value for float32/float64 attention ({@code -0.7 * 3.38953e38}). */
  private static final double LARGE_NEGATIVE = -0.7 * 3.38953e38;

  private AttentionOps() {}

  /**
   * Einstein summation over {@code operands}, as {@code keras.ops.einsum} (NumPy's rules): one
   * comma-separated spec of letters per operand, {@code ...} for broadcast axes, an optional {@code
   * ->output} (without it: {@code ...} then the letters used once, alphabetically). The result's
   * dtype is the operands' common dtype; integers are summed as float32, as Keras's TensorFlow
   * backend does. Differentiable; more than two operands are contracted left to right.
   *
   * @throws IllegalArgumentException for malformed subscripts or operands whose shapes do not fit
   */
  public static KerasTensor einsum(String subscripts, KerasTensor... operands) {
    List<KerasTensor> ops = List.of(operands);
    EinsumEquation eq = EinsumEquation.parse(subscripts, ops.stream().map(KerasTensor::shape).toList());
    DType result = resultType(ops);
    DType compute = result.isFloating() ? result : DType.FLOAT32;
    List<KerasTensor> cast = new ArrayList<>(ops.stream().map(t -> cast(t, compute)).toList());
    KerasTensor out;
    if (cast.size() <= 2) {
      out = backend().numpy().einsum(eq.explicit(), cast);
    } else {
      KerasTensor acc = cast.get(0);
      String accSpec = eq.inputs.get(0);
      for (int i = 1; i < cast.size(); i++) {
        String spec = eq.inputs.get(i);
        String next = i == cast.size() - 1 ? eq.output
            : EinsumEquation.pairOutput(accSpec, spec, eq.inputs.subList(i + 1, eq.inputs.size()), eq.output);
        acc = backend().numpy().einsum(accSpec + "," + spec + "->" + next, List.of(acc, cast.get(i)));
        accSpec = next;
      }
      out = acc;
    }
    return cast(out, result);
  }

  /** As {@link #einsum(String, KerasTensor...)}, at once on arrays. */
  public static NdArray<?> einsum(String subscripts, NdArray<?>... operands) {
    return OpSupport.eager(t -> einsum(subscripts, t.toArray(KerasTensor[]::new)), operands);
  }

  /** Attention of {@code query} over {@code key} and {@code value} without bias, mask or causality, at the default scale. */
  public static KerasTensor dotProductAttention(KerasTensor query, KerasTensor key, KerasTensor value) {
    return dotProductAttention(query, key, value, null, null, null, false);
  }

  /**
   * Scaled dot-product attention, as {@code keras.ops.dot_product_attention}: {@code
   * softmax(scale * q·k + bias, masked) · v} for a query {@code (B, T, N, H)} and a key and value
   * {@code (B, S, K, H)} (the value's last axis may differ); {@code N} a multiple of {@code K} gives
   * grouped-query attention. {@code bias} (added to the logits) and {@code mask} (true: attend)
   * broadcast to {@code (B, N, T, S)}; either may be null. {@code scale} null means {@code 1/sqrt(H)};
   * {@code isCausal} lets position {@code t} see keys {@code s <= t} only. The softmax runs in
   * float32. Returns {@code (B, T, N, Hv)}.
   */
  public static KerasTensor dotProductAttention(KerasTensor query, KerasTensor key, KerasTensor value,
      KerasTensor bias, KerasTensor mask, Double scale, boolean isCausal) {
    checkAttentionShapes(query, key, value);
    DType compute = resultType(List.of(query, key, value));
    compute = compute.isFloating() ? compute : DType.FLOAT32;
    KerasTensor q = cast(query, compute);
    KerasTensor k = cast(key, compute);
    KerasTensor v = cast(value, compute);
    long heads = q.shape().get(2);
    long kvHeads = k.shape().get(2);
    if (heads != Shape.UNKNOWN && kvHeads != Shape.UNKNOWN && heads != kvHeads) {
      k = NumpyOps.repeat(k, (int) (heads / kvHeads), 2);
      v = NumpyOps.repeat(v, (int) (heads / kvHeads), 2);
    }
    long depth = q.shape().get(3);
    if (scale == null && depth == Shape.UNKNOWN) {
      throw new IllegalArgumentException("dot_product_attention needs the query's last axis known to default the"
          + " scale to 1/sqrt(H), got shape " + query.shape() + "; pass a scale");
    }
    double s = scale != null ? scale : 1.0 / Math.sqrt(depth);
    KerasTensor logits = NumpyOps.multiply(einsum("BTNH,BSNH->BNTS", q, k), scalar(s, compute));
    checkBroadcasts("bias", bias, logits.shape());
    checkBroadcasts("mask", mask, logits.shape());
    if (bias != null) {
      logits = NumpyOps.add(logits, cast(bias, compute));
    }
    KerasTensor keep = null;
    if (mask != null) {
      keep = mask.dtype() == DType.BOOL ? mask : NumpyOps.notEqual(mask, scalar(0, mask.dtype()));
    }
    if (isCausal) {
      KerasTensor ones = NumpyOps.add(NumpyOps.zeros(CoreOps.shape(logits), DType.INT32), 1L);
      KerasTensor causal = NumpyOps.notEqual(NumpyOps.tril(ones, 0), scalar(0, DType.INT32));
      keep = keep == null ? causal : NumpyOps.logicalAnd(keep, causal);
    }
    if (keep != null) {
      logits = NumpyOps.where(keep, logits, scalar(LARGE_NEGATIVE, compute));
    }
    KerasTensor probs = cast(NnOps.softmax(cast(logits, DType.FLOAT32), -1), compute);
    return einsum("BNTS,BSNH->BTNH", probs, v);
  }

  private static void checkAttentionShapes(KerasTensor query, KerasTensor key, KerasTensor value) {
    if (query.rank() != 4 || key.rank() != 4 || value.rank() != 4) {
      throw new IllegalArgumentException("dot_product_attention only supports 4D inputs (B, T, N, H). Received:"
          + " query.shape=" + query.shape() + ", key.shape=" + key.shape() + ", value.shape=" + value.shape());
    }
    String[] names = {"batch size B", "key length S", "number of key/value heads K"};
    int[] axes = {0, 1, 2};
    for (int i = 0; i < axes.length; i++) {
      long kd = key.shape().get(axes[i]);
      long vd = value.shape().get(axes[i]);
      if (kd != Shape.UNKNOWN && vd != Shape.UNKNOWN && kd != vd) {
        throw new IllegalArgumentException("dot_product_attention: key and value differ in the " + names[i]
            + ": key.shape=" + key.shape() + ", value.shape=" + value.shape());
      }
    }
    mustAgree(query, key, 0, "batch size B");
    mustAgree(query, key, 3, "head size H");
    long n = query.shape().get(2);
    long k = key.shape().get(2);
    if (n != Shape.UNKNOWN && k != Shape.UNKNOWN && n % k != 0) {
      throw new IllegalArgumentException("dot_product_attention: the query's number of heads N=" + n
          + " must be a multiple of the key's K=" + k + "; got query.shape=" + query.shape() + ", key.shape="
          + key.shape());
    }
  }

  /** Fails unless {@code t} (may be null) broadcasts to the logits' shape {@code (B, N, T, S)}. */
  private static void checkBroadcasts(String what, KerasTensor t, Shape logits) {
    if (t == null) {
      return;
    }
    boolean fits = t.rank() <= logits.rank();
    for (int i = 1; fits && i <= t.rank(); i++) {
      long d = t.shape().get(t.rank() - i);
      long l = logits.get(logits.rank() - i);
      fits = d == 1 || d == Shape.UNKNOWN || l == Shape.UNKNOWN || d == l;
    }
    if (!fits) {
      throw new IllegalArgumentException("dot_product_attention: the " + what + " of shape " + t.shape()
          + " does not broadcast to the logits' shape (B, N, T, S) = " + logits + "; give it shape (B, N, T, S) or"
          + " sizes of 1 where it repeats");
    }
  }

  private static void mustAgree(KerasTensor query, KerasTensor key, int axis, String what) {
    long qd = query.shape().get(axis);
    long kd = key.shape().get(axis);
    if (qd != Shape.UNKNOWN && kd != Shape.UNKNOWN && qd != kd) {
      throw new IllegalArgumentException("dot_product_attention: query and key differ in the " + what
          + ": query.shape=" + query.shape() + ", key.shape=" + key.shape());
    }
  }

  /** Keras's result dtype of several tensors, for the dtypes jkeras has. */
  static DType resultType(List<KerasTensor> xs) {
    List<DType> dtypes = xs.stream().map(KerasTensor::dtype).distinct().toList();
    if (dtypes.contains(DType.STRING)) {
      throw new IllegalArgumentException("einsum and attention need numeric tensors, got dtypes " + dtypes);
    }
    if (dtypes.size() == 1) {
      return dtypes.get(0);
    }
    if (dtypes.contains(DType.FLOAT64)) {
      return DType.FLOAT64;
    }
    if (dtypes.contains(DType.FLOAT32)) {
      return DType.FLOAT32;
    }
    for (DType d : Arrays.asList(DType.INT64, DType.INT32, DType.UINT8)) {
      if (dtypes.contains(d)) {
        return d;
      }
    }
    return DType.BOOL;
  }
}
