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
}
