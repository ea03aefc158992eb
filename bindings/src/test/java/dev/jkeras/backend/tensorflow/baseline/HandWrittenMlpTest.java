package dev.jkeras.backend.tensorflow.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HandWrittenMlpTest {

  @Test
  void learnsSeparableBlobs() {
    int n = 2048;
    int features = 784;
    Random random = new Random(3);
    float[][] centers = new float[10][features];
    for (float[] center : centers) {
      for (int f = 0; f < features; f++) {
        center[f] = (float) random.nextGaussian();
      }
    }
    float[] x = new float[n * features];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 10;
      for (int f = 0; f < features; f++) {
        x[i * features + f] = (float) (centers[y[i]][f] + random.nextGaussian());
      }
    }
    try (HandWrittenMlp mlp = new HandWrittenMlp(features, 64, 10, 42)) {
      long[] times = mlp.trainEpoch(x, y, 128);
      mlp.trainEpoch(x, y, 128);
      assertEquals(16, times.length);
      assertTrue(mlp.evaluateAccuracy(x, y) > 0.9, "accuracy " + mlp.evaluateAccuracy(x, y));
    }
  }
}
