package dev.jkeras.models;

import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Small synthetic data sets for tests. */
final class TestData {
  private TestData() {}

  /** Gaussian blobs: {@code classes} well-separated clusters in {@code features} dimensions. */
  record Blobs(FloatNdArray x, IntNdArray y) {}

  static Blobs blobs(int samples, int features, int classes, long seed) {
    Random random = new Random(seed);
    float[][] centers = new float[classes][features];
    for (float[] center : centers) {
      for (int f = 0; f < features; f++) {
        center[f] = (float) (random.nextGaussian() * 3);
      }
    }
    FloatNdArray x = NdArrays.ofFloats(Shape.of(samples, features));
    IntNdArray y = NdArrays.ofInts(Shape.of(samples));
    for (int i = 0; i < samples; i++) {
      int label = i % classes;
      y.setInt(label, i);
      for (int f = 0; f < features; f++) {
        x.setFloat((float) (centers[label][f] + random.nextGaussian()), i, f);
      }
    }
    return new Blobs(x, y);
  }

  /** Copies of float32 arrays (e.g. a model's weights), to compare after training. */
  static java.util.List<float[]> floats(java.util.List<org.tensorflow.ndarray.NdArray<?>> arrays) {
    java.util.List<float[]> copies = new java.util.ArrayList<>();
    for (org.tensorflow.ndarray.NdArray<?> array : arrays) {
      float[] copy = new float[(int) array.size()];
      ((org.tensorflow.ndarray.FloatNdArray) array).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(copy, false, false));
      copies.add(copy);
    }
    return copies;
  }
}
