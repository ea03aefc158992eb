package dev.jkeras.layers;

import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras's abs-max int8 quantization of a layer's float matrix, computed on the host as Keras does
 * it ({@code abs_max_quantize(..., to_numpy=True)}, float32 arithmetic): per channel,
 * {@code scale = 127 / (max|w| + 1e-7)} and {@code q = clip(round_half_even(w * scale), -127, 127)}.
 */
record Int8Weights(ByteNdArray values, FloatNdArray scale) {
  private static final float EPSILON = 1e-7f;
  private static final float RANGE = 127f;

  /**
   * Quantizes a (rows, columns) matrix with one scale per column ({@code perColumn}, Keras's
   * {@code axis=0}: Dense) or per row (Keras's {@code axis=-1}: Embedding).
   */
  static Int8Weights of(NdArray<?> matrix, boolean perColumn) {
    if (!(matrix instanceof FloatNdArray floats) || matrix.rank() != 2) {
      throw new IllegalArgumentException("Only a float32 matrix can be quantized to int8, got "
          + matrix.getClass().getSimpleName() + " of shape " + matrix.shape());
    }
    int rows = Math.toIntExact(matrix.shape().get(0));
    int columns = Math.toIntExact(matrix.shape().get(1));
    float[] w = new float[rows * columns];
    floats.copyTo(NdArrays.wrap(matrix.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(w, false, false)));
    float[] scale = new float[perColumn ? columns : rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        int channel = perColumn ? c : r;
        scale[channel] = Math.max(scale[channel], Math.abs(w[r * columns + c]));
      }
    }
    for (int i = 0; i < scale.length; i++) {
      scale[i] = RANGE / (scale[i] + EPSILON);
    }
    byte[] q = new byte[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        float value = (float) Math.rint(w[r * columns + c] * scale[perColumn ? c : r]);
        q[r * columns + c] = (byte) Math.max(-RANGE, Math.min(RANGE, value));
      }
    }
    return new Int8Weights(NdArrays.wrap(Shape.of(rows, columns), org.tensorflow.ndarray.buffer.DataBuffers.of(q, false, false)),
        NdArrays.wrap(Shape.of(scale.length), org.tensorflow.ndarray.buffer.DataBuffers.of(scale, false, false)));
  }

  /**
   * The float32 matrix an int8 one stands for: {@code q / scale}, one scale per column ({@code perColumn}) or
   * per row, as Keras dequantizes before merging LoRA's update ({@code _get_kernel_with_merged_lora}).
   */
  static FloatNdArray dequantize(NdArray<?> values, NdArray<?> scale, boolean perColumn) {
    org.tensorflow.ndarray.ByteNdArray q = (org.tensorflow.ndarray.ByteNdArray) values;
    FloatNdArray s = (FloatNdArray) scale;
    long rows = q.shape().get(0);
    long columns = q.shape().get(1);
    FloatNdArray result = NdArrays.ofFloats(Shape.of(rows, columns));
    for (long r = 0; r < rows; r++) {
      for (long c = 0; c < columns; c++) {
        result.setFloat((float) q.getByte(r, c) / s.getFloat(perColumn ? c : r), r, c);
      }
    }
    return result;
  }
}
