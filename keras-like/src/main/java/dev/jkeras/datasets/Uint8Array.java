package dev.jkeras.datasets;

import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * An array of unsigned bytes as read from a file, before it becomes an {@code NdArray}.
 *
 * @param shape its dimensions
 * @param data its elements in row-major order
 */
record Uint8Array(Shape shape, byte[] data) {

  /** The images as a read-only array sharing {@code data}. */
  ByteNdArray toImages() {
    return NdArrays.wrap(shape, DataBuffers.of(data, true, false));
  }

  /** The elements widened to ints (0..255), as a read-only array. */
  IntNdArray toLabels() {
    int[] labels = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      labels[i] = Byte.toUnsignedInt(data[i]);
    }
    return NdArrays.wrap(shape, DataBuffers.of(labels, true, false));
  }
}
