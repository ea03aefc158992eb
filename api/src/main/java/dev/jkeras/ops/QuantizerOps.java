package dev.jkeras.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import java.util.List;
import org.tensorflow.ndarray.NdArrays;

/**
 * Keras's quantizers ({@code keras.quantizers}) on tensors: abs-max quantization to int8 and the
 * integer matmul of quantized operands, as Keras 3's int8 {@code Dense} computes them.
 */
public final class QuantizerOps {
  private QuantizerOps() {}

  /**
   * Keras's {@code abs_max_quantize(x, axis, value_range, "int8", epsilon)}: with
   * {@code scale = max / (max(|x|, axes, keepdims) + epsilon)}, the int8 tensor
   * {@code clip(round(x * scale), min, max)} (round half to even) and the float32 scale, in this order.
   */
  public static List<KerasTensor> absMaxQuantize(KerasTensor x, int[] axes, int min, int max, double epsilon) {
    if (min < -128 || max > 127 || min >= max) {
      throw new IllegalArgumentException("An int8 quantizer needs a value range within [-128, 127], got ["
          + min + ", " + max + "]");
    }
    KerasTensor floats = CoreOps.cast(x, DType.FLOAT32);
    KerasTensor absMax = NumpyOps.max(NumpyOps.abs(floats), axes, true);
    KerasTensor scale = NumpyOps.divide(CoreOps.convertToTensor(NdArrays.scalarOf((float) max)),
        NumpyOps.add(absMax, CoreOps.convertToTensor(NdArrays.scalarOf((float) epsilon))));
    KerasTensor quantized = NumpyOps.clip(NumpyOps.round(NumpyOps.multiply(floats, scale)), min, max);
    return List.of(CoreOps.cast(quantized, DType.INT8), scale);
  }

  /** The most terms whose int8 products (each at most 128 * 128) sum exactly in float32's 24-bit significand. */
  private static final long EXACT_FLOAT32_TERMS = (1L << 24) / (128 * 128);

  /**
   * The exact product of int8 operands along {@code a}'s last and {@code b}'s first axis, as float32:
   * Keras's int8 matmul sums the integer products in int32 and converts the sums. The sums here are
   * exact too, and run on the backend's fast float kernels: in float32 when at most 1024 terms are
   * summed (every partial sum is an integer below 2^24, so any summation order is exact), in float64
   * otherwise (exact below 2^53); the exact sum is then rounded once to float32, as Keras's int32 is.
   */
  public static KerasTensor int8Matmul(KerasTensor a, KerasTensor b) {
    long terms = a.shape().get(-1);
    DType exact = terms != dev.jkeras.Shape.UNKNOWN && terms <= EXACT_FLOAT32_TERMS ? DType.FLOAT32 : DType.FLOAT64;
    return CoreOps.cast(NumpyOps.matmul(CoreOps.cast(a, exact), CoreOps.cast(b, exact)), DType.FLOAT32);
  }
}
