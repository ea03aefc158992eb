package dev.jkeras.samples.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HandWrittenMlpTest {

  @Test
  void learnsGaussianBlobs() {
    int n = 2048;
    int features = 784;
    Random random = new Random(3);
    float[][] centers = new float[10][features];
    for (float[] center : centers) {
      for (int f = 0; f < features; f++) {
        center[f] = (float) (0.1 * random.nextGaussian());
      }
    }
    float[] x = new float[n * features];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(10);
      for (int f = 0; f < features; f++) {
        x[i * features + f] = (float) (centers[y[i]][f] + random.nextGaussian());
      }
    }

    try (HandWrittenMlp mlp = new HandWrittenMlp(features, 512, 10, 42)) {
      double before = mlp.evaluateAccuracy(x, y);
      float[] epochLoss = new float[3];
      for (int epoch = 0; epoch < 3; epoch++) {
        long[] times = mlp.trainEpoch(x, y, 128);
        assertEquals(16, times.length);
        assertTrue(Arrays.stream(times).allMatch(t -> t > 0), Arrays.toString(times));
        float[] losses = mlp.lastLosses();
        assertEquals(16, losses.length);
        for (float loss : losses) {
          assertTrue(Float.isFinite(loss) && loss >= 0, "loss " + loss);
        }
        epochLoss[epoch] = mean(losses);
      }
      // A ragged last batch (2000 = 15 * 128 + 80).
      assertEquals(16, mlp.trainEpoch(Arrays.copyOf(x, 2000 * features), Arrays.copyOf(y, 2000), 128).length);

      double after = mlp.evaluateAccuracy(x, y);
      assertTrue(before < 0.3, "accuracy before training " + before);
      assertTrue(after > 0.8, "accuracy after training " + after);
      assertTrue(epochLoss[2] < epochLoss[0], "epoch losses " + Arrays.toString(epochLoss));
      // First step of a fresh glorot-initialised model: close to ln(10).
      assertTrue(epochLoss[0] < 5, "epoch losses " + Arrays.toString(epochLoss));
    }
  }

  @Test
  void blocksOfStepsPerRunTrainAsOneStepPerRun() {
    int n = 2000;
    int features = 20;
    Random random = new Random(5);
    float[] x = new float[n * features];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(10);
      for (int f = 0; f < features; f++) {
        x[i * features + f] = (float) (random.nextGaussian() + (f == y[i] ? 2 : 0));
      }
    }
    try (HandWrittenMlp single = new HandWrittenMlp(features, 32, 10, 7);
        HandWrittenMlp blocks = new HandWrittenMlp(features, 32, 10, 7, 4, 128);
        HandWrittenMlp counting = new HandWrittenMlp(features, 32, 10, 7, 4, 128, true)) {
      double before = counting.evaluateAccuracy(x, y);
      for (int epoch = 0; epoch < 2; epoch++) {
        single.trainEpoch(x, y, 128);
        counting.trainEpoch(x, y, 128);
        // 2000 = 15 * 128 + 80: three blocks of four steps, then three single steps (the last ragged).
        assertEquals(16, blocks.trainEpoch(x, y, 128).length);
        float[] one = single.lastLosses();
        float[] four = blocks.lastLosses();
        for (int s : new int[] {3, 7, 11, 12, 13, 14, 15}) {
          assertEquals(one[s], four[s], 1e-4, "loss at step " + s + " of epoch " + epoch);
        }
        assertTrue(Float.isNaN(four[0]) && Float.isNaN(four[10]), Arrays.toString(four));
        assertArrayEquals(four, counting.lastLosses(), "counting accuracy does not change the training");
      }
      assertEquals(single.evaluateAccuracy(x, y), blocks.evaluateAccuracy(x, y), 1e-3);
      double after = counting.evaluateAccuracy(x, y);
      double counted = counting.trainingAccuracy();
      assertTrue(before < counted && counted < after, "the accuracy counted while training (" + counted + ") lies "
          + "between the accuracy before (" + before + ") and after (" + after + ")");
    }
  }

  /**
   * One epoch of Fashion-MNIST (60000 images / 255, batch 128), timed; skipped unless
   * {@code -Djkeras.baseline.fashionMnist=<dir with the IDX .gz files>} is given.
   */
  @Test
  void fashionMnistTiming() throws IOException {
    String dir = System.getProperty("jkeras.baseline.fashionMnist");
    assumeTrue(dir != null && !dir.isEmpty(), "set -Djkeras.baseline.fashionMnist=<dir> to time Fashion-MNIST");
    int epochs = Integer.getInteger("jkeras.baseline.epochs", 3);
    float[] x = readImages(Path.of(dir, "train-images-idx3-ubyte.gz"));
    int[] y = readLabels(Path.of(dir, "train-labels-idx1-ubyte.gz"));
    float[] testX = readImages(Path.of(dir, "t10k-images-idx3-ubyte.gz"));
    int[] testY = readLabels(Path.of(dir, "t10k-labels-idx1-ubyte.gz"));
    try (HandWrittenMlp mlp = new HandWrittenMlp(784, 512, 10, 42)) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        long start = System.nanoTime();
        long[] times = mlp.trainEpoch(x, y, 128);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] steady = Arrays.copyOfRange(times, Math.min(10, times.length), times.length);
        Arrays.sort(steady);
        float[] losses = mlp.lastLosses();
        System.out.printf(Locale.ROOT,
            "hand-written epoch %d: %d steps, %.2f s, median %.3f ms/step (p10 %.3f, p90 %.3f, first %.1f), "
                + "last loss %.4f, test accuracy %.4f%n",
            epoch, times.length, seconds, steady[steady.length / 2] / 1e6, steady[steady.length / 10] / 1e6,
            steady[steady.length * 9 / 10] / 1e6, times[0] / 1e6, losses[losses.length - 1],
            mlp.evaluateAccuracy(testX, testY));
      }
    }
  }

  private static float mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return (float) (sum / values.length);
  }

  private static float[] readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      assertEquals(2051, in.readInt(), "magic of " + file);
      int n = in.readInt();
      int pixels = in.readInt() * in.readInt();
      byte[] bytes = new byte[n * pixels];
      in.readFully(bytes);
      float[] x = new float[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        x[i] = (bytes[i] & 0xFF) / 255f;
      }
      return x;
    }
  }

  private static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      assertEquals(2049, in.readInt(), "magic of " + file);
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      int[] y = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        y[i] = bytes[i] & 0xFF;
      }
      return y;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
  }
}
