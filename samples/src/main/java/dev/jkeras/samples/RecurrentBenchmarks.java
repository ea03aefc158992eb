package dev.jkeras.samples;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.index.Indices;

/**
 * {@code --model lstm}: LSTM(64) trained with the time loop unrolled into the graph and as one while
 * loop, side by side: on Fashion-MNIST rows (28 steps of 28 pixels; unrolled is the default there, the
 * while loop runs for {@code Input.of(-1, 28)}) and on length-500 sequences (the while loop is the
 * default there, the unroll is forced with {@code unroll(true)}). For each: the time to the end of the
 * first training step (building and tracing the model graph, plus one step) and the median ms/step of
 * later epochs, interleaved round by round, with their ratios.
 */
final class RecurrentBenchmarks {
  private static final int BATCH = 128;
  private static final int ROW_SAMPLES = 6_400;
  private static final int LONG_BATCH = 32;
  private static final int LONG_SAMPLES = 320;
  private static final int LONG_STEPS = 500;
  private static final int LONG_FEATURES = 8;

  private RecurrentBenchmarks() {}

  static void lstm(SampleData data, int rounds) {
    FloatNdArray images = (FloatNdArray) Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    FloatNdArray x = images.slice(Indices.range(0, ROW_SAMPLES));
    NdArray<?> y = ((IntNdArray) data.train().y()).slice(Indices.range(0, ROW_SAMPLES));
    System.out.printf("Benchmark: LSTM(64) on Fashion-MNIST rows (28 x 28), Dense(10), Adam, batch %d, %d samples, %s%n",
        BATCH, ROW_SAMPLES, data.description());
    compare(rounds, ROW_SAMPLES / BATCH, BATCH, x, y, "sparse_categorical_crossentropy",
        () -> new Sequential(Input.of(28, 28), new LSTM(64), new Dense(10, "softmax")),
        () -> new Sequential(Input.of(-1, 28), new LSTM(64), new Dense(10, "softmax")));

    FloatNdArray longX = gaussian(LONG_SAMPLES, LONG_STEPS, LONG_FEATURES, 3);
    FloatNdArray longY = gaussian(LONG_SAMPLES, 1, 1, 4);
    System.out.printf("Benchmark: LSTM(64) on %d steps of %d features, Dense(1), Adam, mse, batch %d, %d samples%n",
        LONG_STEPS, LONG_FEATURES, LONG_BATCH, LONG_SAMPLES);
    compare(rounds, LONG_SAMPLES / LONG_BATCH, LONG_BATCH, longX, Ops.reshape(longY, -1, 1), "mse",
        () -> new Sequential(Input.of(LONG_STEPS, LONG_FEATURES), new LSTM(64).unroll(true), new Dense(1)),
        () -> new Sequential(Input.of(LONG_STEPS, LONG_FEATURES), new LSTM(64), new Dense(1)));
  }

  private static void compare(int rounds, int steps, int batch, FloatNdArray x, NdArray<?> y, String loss,
      java.util.function.Supplier<Sequential> unrolled, java.util.function.Supplier<Sequential> loop) {
    double[] unrolledMs = new double[rounds];
    double[] loopMs = new double[rounds];
    double[] ratios = new double[rounds];
    try (Sequential a = unrolled.get(); Sequential b = loop.get()) {
      double buildA = firstStep(a, x, y, batch, loss);
      double buildB = firstStep(b, x, y, batch, loss);
      for (int r = 0; r < rounds; r++) {
        unrolledMs[r] = Benchmark.msPerStep(() -> a.fit(x, y, f -> f.epochs(1).batchSize(batch).verbose(0)), steps)[0];
        loopMs[r] = Benchmark.msPerStep(() -> b.fit(x, y, f -> f.epochs(1).batchSize(batch).verbose(0)), steps)[0];
        ratios[r] = loopMs[r] / unrolledMs[r];
      }
      System.out.printf(Locale.ROOT, "  unrolled:   first step %.2f s, %.2f ms/step (median of %d epochs of %d steps)%n",
          buildA, Benchmark.median(unrolledMs), rounds, steps);
      System.out.printf(Locale.ROOT, "  while loop: first step %.2f s, %.2f ms/step%n", buildB, Benchmark.median(loopMs));
      System.out.printf(Locale.ROOT, "  while loop / unrolled: step time %.2f (median per-round ratio), first step %.2f%n",
          Benchmark.median(ratios), buildB / buildA);
    }
  }

  /** Seconds from compile to the end of the first training step: building and tracing the graph, plus one step. */
  private static double firstStep(Sequential model, FloatNdArray x, NdArray<?> y, int batch, String loss) {
    long start = System.nanoTime();
    model.compile(new Adam(0.001), loss);
    model.fit(x.slice(Indices.range(0, batch)), y.slice(Indices.range(0, batch)), f -> f.epochs(1).batchSize(batch)
        .verbose(0));
    return (System.nanoTime() - start) / 1e9;
  }

  private static FloatNdArray gaussian(int n, int steps, int features, long seed) {
    Random random = new Random(seed);
    float[][][] x = new float[n][steps][features];
    for (float[][] plane : x) {
      for (float[] row : plane) {
        for (int j = 0; j < features; j++) {
          row[j] = (float) random.nextGaussian();
        }
      }
    }
    return StdArrays.ndCopyOf(x);
  }
}
