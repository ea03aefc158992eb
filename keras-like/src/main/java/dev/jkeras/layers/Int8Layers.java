package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.ops.Ops;

/** What the int8-quantized layers share. */
final class Int8Layers {
  private Int8Layers() {}

  /** Keras's {@code initializer="zeros"} of an int8 weight, before the quantized values are written. */
  static final Initializer ZEROS = (shape, dtype) -> Ops.cast(Ops.zeros(shape, DType.FLOAT32), DType.INT8);

  /** Integers within [-128, 127] as the int8 bytes a quantized weight is written with. */
  static org.tensorflow.ndarray.ByteNdArray bytes(org.tensorflow.ndarray.IntNdArray values) {
    byte[] bytes = new byte[Math.toIntExact(values.shape().size())];
    int[] i = {0};
    values.scalars().forEach(s -> bytes[i[0]++] = (byte) s.getInt());
    return org.tensorflow.ndarray.NdArrays.wrap(values.shape(),
        org.tensorflow.ndarray.buffer.DataBuffers.of(bytes, false, false));
  }

  /** The int8 bytes of a quantized weight as integers, for the backend's ops (TensorFlow Java has no int8 array type). */
  static org.tensorflow.ndarray.IntNdArray ints(org.tensorflow.ndarray.ByteNdArray values) {
    int[] ints = new int[Math.toIntExact(values.shape().size())];
    int[] i = {0};
    values.scalars().forEach(s -> ints[i[0]++] = s.getByte());
    return org.tensorflow.ndarray.NdArrays.wrap(values.shape(),
        org.tensorflow.ndarray.buffer.DataBuffers.of(ints, false, false));
  }
}
