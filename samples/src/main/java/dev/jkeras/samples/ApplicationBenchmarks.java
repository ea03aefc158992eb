package dev.jkeras.samples;

import dev.jkeras.applications.ResNet50;
import dev.jkeras.models.Model;
import dev.jkeras.samples.baseline.HandWrittenSavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * {@code --model resnet50}: ResNet50 inference (224x224x3, random weights: the ImageNet file cannot
 * be downloaded here, and the speed does not depend on the values), in images per second at batch 1
 * and 32: jkeras {@code predict} against {@link HandWrittenSavedModel} running the SavedModel jkeras
 * exports from the same model with a plain TensorFlow Java session. Rounds alternate the two; the
 * figures are medians over rounds, after one warm-up call each.
 */
final class ApplicationBenchmarks {
  private static final int[] BATCHES = {1, 32};
  /** Calls per round at batch 1 (one call of 32 at batch 32). */
  private static final int SINGLE_CALLS = 8;

  private ApplicationBenchmarks() {}

  static void resnet50(int rounds) {
    System.out.printf("Benchmark: ResNet50 inference, 224x224x3, batch 1 and 32, %d rounds, %d cores%n", rounds,
        Runtime.getRuntime().availableProcessors());
    long start = System.nanoTime();
    try (Model model = ResNet50.of(o -> o.weights((String) null))) {
      System.out.printf("  ResNet50.of: %.1f s%n", (System.nanoTime() - start) / 1e9);
      Path dir = Files.createTempDirectory("jkeras-resnet50");
      Path export = dir.resolve("1");
      start = System.nanoTime();
      model.export(export);
      System.out.printf("  export: %.1f s%n", (System.nanoTime() - start) / 1e9);
      try (HandWrittenSavedModel baseline = new HandWrittenSavedModel(export.toString(), 224, 224, 3)) {
        for (int batch : BATCHES) {
          float[] values = images(batch, 7);
          FloatNdArray x = NdArrays.ofFloats(Shape.of(batch, 224, 224, 3));
          x.copyFrom(DataBuffers.of(values, true, false));
          int calls = batch == 1 ? SINGLE_CALLS : 1;
          start = System.nanoTime();
          FloatNdArray first = model.predict(x, p -> p.batchSize(batch).verbose(0));
          System.out.printf("  batch %d: first jkeras predict (tracing) %.1f s%n", batch, (System.nanoTime() - start) / 1e9);
          float[] reference = baseline.predict(values, batch);
          System.out.printf("  batch %d: max |jkeras - session| = %.2e%n", batch, maxDifference(first, reference));
          double[] jkeras = new double[rounds];
          double[] hand = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            start = System.nanoTime();
            for (int c = 0; c < calls; c++) {
              model.predict(x, p -> p.batchSize(batch).verbose(0));
            }
            jkeras[r] = calls * batch / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int c = 0; c < calls; c++) {
              baseline.predict(values, batch);
            }
            hand[r] = calls * batch / ((System.nanoTime() - start) / 1e9);
          }
          double j = Benchmark.median(jkeras);
          double h = Benchmark.median(hand);
          System.out.printf(Locale.ROOT, "  batch %2d: jkeras predict %.2f images/s, hand-written session %.2f images/s,"
              + " ratio %.2f%n", batch, j, h, j / h);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static float[] images(int batch, long seed) {
    Random random = new Random(seed);
    float[] values = new float[batch * 224 * 224 * 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return values;
  }

  private static double maxDifference(FloatNdArray a, float[] b) {
    float[] values = new float[b.length];
    a.copyTo(DataBuffers.of(values, false, false));
    double worst = 0;
    for (int i = 0; i < b.length; i++) {
      worst = Math.max(worst, Math.abs(values[i] - b[i]));
    }
    return worst;
  }
}
