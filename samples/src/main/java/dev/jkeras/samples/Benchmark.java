package dev.jkeras.samples;

import dev.jkeras.backend.tensorflow.baseline.HandWrittenMlp;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.RMSprop;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * Training speed of jkeras against a hand-written TensorFlow Java loop, in the same JVM: the seed
 * MLP (784-512-10, relu/softmax, RMSprop, batch 128) for one epoch of Fashion-MNIST, alternating
 * the two for several rounds and comparing median milliseconds per step.
 *
 * <p>Run: {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.jkeras.samples.Benchmark
 * -Dexec.args="--rounds 5"}.
 */
public final class Benchmark {
  private static final int BATCH = 128;

  private Benchmark() {}

  public static void main(String[] args) {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 5;
    var data = SampleData.fashionMnist(SampleArgs.parse());
    FloatNdArray x = (FloatNdArray) Ops.reshape(Ops.divide(Ops.cast(data.train().x(), "float32"), 255f), -1, 784);
    IntNdArray y = (IntNdArray) data.train().y();
    int n = (int) x.shape().get(0);
    int steps = (n + BATCH - 1) / BATCH;
    System.out.printf("Benchmark: MLP 784-512-10, RMSprop, batch %d, %d samples (%d steps per epoch), %s%n",
        BATCH, n, steps, data.description());

    float[] flatX = new float[n * 784];
    x.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flatX, false, false));
    int[] labels = new int[n];
    y.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(labels, false, false));

    double[] jkerasMs = new double[rounds];
    double[] handMs = new double[rounds];
    try (Sequential model = new Sequential(new Dense(512, "relu").inputShape(784), new Dense(10, "softmax"));
        HandWrittenMlp baseline = new HandWrittenMlp(784, 512, 10, 42)) {
      model.compile(new RMSprop(), "sparse_categorical_crossentropy", "accuracy");
      model.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).verbose(0));
      baseline.trainEpoch(flatX, labels, BATCH);
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        model.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).verbose(0));
        jkerasMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        start = System.nanoTime();
        baseline.trainEpoch(flatX, labels, BATCH);
        handMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "round %d: jkeras %.3f ms/step, hand-written %.3f ms/step%n", r + 1, jkerasMs[r], handMs[r]);
      }
    }
    double jk = median(jkerasMs);
    double hw = median(handMs);
    System.out.printf(Locale.ROOT, "median: jkeras fit %.3f ms/step, hand-written TF Java %.3f ms/step, ratio %.3f (target <= 1.10)%n",
        jk, hw, jk / hw);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
