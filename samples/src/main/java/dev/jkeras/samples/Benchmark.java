package dev.jkeras.samples;

import dev.jkeras.samples.baseline.HandWrittenCnn;
import dev.jkeras.samples.baseline.HandWrittenMlp;
import dev.jkeras.data.Dataset;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Flatten;
import dev.jkeras.layers.MaxPooling2D;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.utils.Utils;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * Training speed of jkeras against a hand-written TensorFlow Java loop, in the same JVM: the seed
 * MLP (784-512-10, relu/softmax, RMSprop, batch 128) for one epoch of Fashion-MNIST, alternating
 * the two for several rounds and comparing median milliseconds per step; a second hand-written loop
 * runs {@value #BLOCK_STEPS} steps per session run, and jkeras {@code fit} runs with
 * {@code stepsPerExecution} 1, 4, 12 and 32 (Keras's {@code steps_per_execution}), interleaved with them.
 *
 * <p>With {@code --model cnn} (or {@code all}, the default) it also trains seed 001's CNN against
 * {@link HandWrittenCnn}; with {@code --model dataset} (or {@code all}) it compares the seed MLP's
 * {@code fit(dataset)} (tf.data: shuffle, batch 128, prefetch) with {@code fit(arrays)}; {@code --model files}
 * (or {@code all}) trains it from TFRecord files on disk against in-memory {@code fit}, {@code --model map}
 * (or {@code all}) times a CPU-heavy {@code map} serial and parallel, and {@code --model large} (not in
 * {@code all}) trains one epoch over {@code --gigabytes} (default 4.2) of generated TFRecord files, sampling
 * the JVM's resident memory ({@link FileBenchmarks}).
 *
 * <p>Run: {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.jkeras.samples.Benchmark
 * -Dexec.args="--rounds 5 --model all"}. {@code --model lstm} (or {@code all}) compares LSTM(64) unrolled and
 * as a while loop ({@link RecurrentBenchmarks}). {@code --model resnet50} (not in {@code all}) times ResNet50
 * inference at batch 1 and 32 against the same exported SavedModel run by a plain TF Java session
 * ({@link ApplicationBenchmarks}). {@code --model quantize} (not in {@code all}) measures
 * {@code model.quantize("int8")} on the seed MLP and CNN ({@link QuantizeBenchmarks}; {@code --epochs N}
 * of training first, default 2).
 */
public final class Benchmark {
  private static final int BATCH = 128;
  /** The steps per session run of the second hand-written MLP loop (issue 14's reference: 12). */
  private static final int BLOCK_STEPS = 12;
  /** The steps per execution of the jkeras fit rows ({@code compile(c -> c.stepsPerExecution(n))}). */
  private static final int[] STEPS_PER_EXECUTION = {1, 4, 12, 32};

  private Benchmark() {}

  /** Images per CNN round: 100 steps of 128, enough for a stable median on 2 cores in a few minutes. */
  private static final int CNN_SAMPLES = 12_800;

  public static void main(String[] args) {
    int rounds = 5;
    String which = "all";
    double gigabytes = 4.2;
    int epochs = 2;
    int filesStepsPerExecution = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--model" -> which = args[i + 1];
        case "--gigabytes" -> gigabytes = Double.parseDouble(args[i + 1]);
        case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
        case "--steps-per-execution" -> filesStepsPerExecution = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; options: --rounds N, "
            + "--model mlp|cnn|dataset|files|large|map|lstm|resnet50|inference|quantize|all, --gigabytes G (for large), "
            + "--epochs N (for quantize), --steps-per-execution N (for files: both sides, default 1)");
      }
    }
    if (which.equals("inference")) {
      InferenceBenchmarks.inference(rounds);
      return;
    }
    if (which.equals("quantize")) {
      QuantizeBenchmarks.quantize(SampleData.fashionMnist(SampleArgs.parse()), rounds, epochs);
      return;
    }
    if (which.equals("resnet50")) {
      ApplicationBenchmarks.resnet50(rounds);
      return;
    }
    if (which.equals("map") || which.equals("all")) {
      FileBenchmarks.parallelMap(rounds);
    }
    var data = SampleData.fashionMnist(SampleArgs.parse());
    if (which.equals("large")) {
      FileBenchmarks.largeEpoch(FileBenchmarks.RawImages.of(data.train().x(), data.train().y()), gigabytes,
          Benchmark::mlpModel);
      return;
    }
    if (which.equals("files") || which.equals("all")) {
      FloatNdArray x = (FloatNdArray) Ops.reshape(Ops.divide(Ops.cast(data.train().x(), "float32"), 255f), -1, 784);
      IntNdArray y = (IntNdArray) data.train().y();
      int spe = filesStepsPerExecution;
      FileBenchmarks.tfRecordVsMemory(FileBenchmarks.RawImages.of(data.train().x(), data.train().y()), x, y, rounds,
          ignored -> mlpModel(spe));
    }
    if (which.equals("mlp") || which.equals("all")) {
      mlp(data, rounds);
      mlpCustomLoop(data, rounds);
    }
    if (which.equals("dataset") || which.equals("all")) {
      mlpDataset(data, rounds, true);
      mlpDataset(data, rounds, false);
    }
    if (which.equals("cnn") || which.equals("all")) {
      cnn(data, rounds);
    }
    if (which.equals("lstm") || which.equals("all")) {
      RecurrentBenchmarks.lstm(data, rounds);
    }
  }

  private static void mlp(SampleData data, int rounds) {
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
    double[] blockMs = new double[rounds];
    double[][] executionMs = new double[STEPS_PER_EXECUTION.length][rounds];
    double[] blockCpuMs = new double[rounds];
    // the block loop also counting its training accuracy, as fit's compiled accuracy metric does
    double[] countingMs = new double[rounds];
    // fit at the block loop's stepsPerExecution without shuffling: the same work, in the same order, as that loop
    double[] inOrderMs = new double[rounds];
    double[] inOrderCpuMs = new double[rounds];
    double[][] executionCpuMs = new double[STEPS_PER_EXECUTION.length][rounds];
    Sequential[] executions = new Sequential[STEPS_PER_EXECUTION.length];
    try (Sequential model = mlpModel(1);
        HandWrittenMlp baseline = new HandWrittenMlp(784, 512, 10, 42);
        HandWrittenMlp blocks = new HandWrittenMlp(784, 512, 10, 42, BLOCK_STEPS, BATCH);
        HandWrittenMlp counting = new HandWrittenMlp(784, 512, 10, 42, BLOCK_STEPS, BATCH, true);
        Sequential inOrder = mlpModel(BLOCK_STEPS)) {
      for (int i = 0; i < executions.length; i++) {
        executions[i] = mlpModel(STEPS_PER_EXECUTION[i]);
      }
      model.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).verbose(0));
      baseline.trainEpoch(flatX, labels, BATCH);
      blocks.trainEpoch(flatX, labels, BATCH);
      counting.trainEpoch(flatX, labels, BATCH);
      inOrder.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
      for (Sequential m : executions) {
        m.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).verbose(0));
      }
      for (int r = 0; r < rounds; r++) {
        jkerasMs[r] = fitMsPerStep(model, x, y, steps);
        long start = System.nanoTime();
        baseline.trainEpoch(flatX, labels, BATCH);
        handMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        for (int i = 0; i < executions.length; i++) {
          Sequential m = executions[i];
          double[] fit = msPerStep(() -> m.fit(x, y, f -> f.epochs(1).batchSize(BATCH).verbose(0)), steps);
          executionMs[i][r] = fit[0];
          executionCpuMs[i][r] = fit[1];
          if (STEPS_PER_EXECUTION[i] == BLOCK_STEPS) {
            double[] block = msPerStep(() -> blocks.trainEpoch(flatX, labels, BATCH), steps);
            blockMs[r] = block[0];
            blockCpuMs[r] = block[1];
            countingMs[r] = msPerStep(() -> counting.trainEpoch(flatX, labels, BATCH), steps)[0];
            double[] unshuffled = msPerStep(
                () -> inOrder.fit(x, y, f -> f.epochs(1).batchSize(BATCH).shuffle(false).verbose(0)), steps);
            inOrderMs[r] = unshuffled[0];
            inOrderCpuMs[r] = unshuffled[1];
          }
        }
        StringBuilder curve = new StringBuilder();
        for (int i = 0; i < executions.length; i++) {
          curve.append(String.format(Locale.ROOT, ", N=%d %.3f", STEPS_PER_EXECUTION[i], executionMs[i][r]));
        }
        System.out.printf(Locale.ROOT, "round %d: jkeras %.3f ms/step, hand-written %.3f ms/step, hand-written %d steps "
            + "per run %.3f ms/step; jkeras fit with stepsPerExecution%s ms/step%n", r + 1, jkerasMs[r], handMs[r],
            BLOCK_STEPS, blockMs[r], curve);
      }
    } finally {
      for (Sequential m : executions) {
        if (m != null) {
          m.close();
        }
      }
    }
    double jk = median(jkerasMs);
    double hw = median(handMs);
    double hb = median(blockMs);
    System.out.printf(Locale.ROOT, "median: jkeras fit %.3f ms/step, hand-written TF Java %.3f ms/step, ratio %.3f (target <= 1.10)%n",
        jk, hw, jk / hw);
    System.out.printf(Locale.ROOT, "median: hand-written TF Java, %d steps per session run, %.3f ms/step; jkeras fit / it "
        + "%.3f%n", BLOCK_STEPS, hb, jk / hb);
    System.out.printf(Locale.ROOT, "median: hand-written TF Java, %d steps per session run, process CPU %.3f ms/step%n",
        BLOCK_STEPS, median(blockCpuMs));
    // Ratios are taken within each round (the runs compared ran next to each other), then the median.
    for (int i = 0; i < executions.length; i++) {
      double[] toHand = new double[rounds];
      double[] toBlocks = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        toHand[r] = executionMs[i][r] / handMs[r];
        toBlocks[r] = executionMs[i][r] / blockMs[r];
      }
      System.out.printf(Locale.ROOT, "median: jkeras fit, stepsPerExecution %d, %.3f ms/step (process CPU %.3f); "
          + "per-round ratio to hand-written %.3f, to hand-written %d steps per run %.3f (target <= 1 at N >= %d)%n",
          STEPS_PER_EXECUTION[i], median(executionMs[i]), median(executionCpuMs[i]), median(toHand), BLOCK_STEPS,
          median(toBlocks), BLOCK_STEPS);
    }
    for (int i = 0; i < executions.length; i++) {
      double[] toCounting = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        toCounting[r] = executionMs[i][r] / countingMs[r];
      }
      System.out.printf(Locale.ROOT, "median: jkeras fit, stepsPerExecution %d, per-round ratio to hand-written %d steps "
          + "per run counting accuracy as fit does (%.3f ms/step): %.3f%n", STEPS_PER_EXECUTION[i], BLOCK_STEPS,
          median(countingMs), median(toCounting));
    }
    double[] inOrderToBlocks = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      inOrderToBlocks[r] = inOrderMs[r] / blockMs[r];
    }
    System.out.printf(Locale.ROOT, "median: jkeras fit, stepsPerExecution %d, shuffle false (the block loop's order), "
        + "%.3f ms/step (process CPU %.3f); per-round ratio to hand-written %d steps per run %.3f%n", BLOCK_STEPS,
        median(inOrderMs), median(inOrderCpuMs), BLOCK_STEPS, median(inOrderToBlocks));
  }

  /**
   * The seed MLP trained by {@code fit(dataset)} (a {@link Dataset} of the same arrays, shuffled,
   * batched by 128 and prefetched, read by the step inside the model's graph) against {@code fit}
   * on the arrays (shuffled too), alternating, one epoch each, median ms/step and the per-round ratio;
   * with {@code shuffled} false, neither shuffles (the pipeline's own cost without the shuffle buffer's).
   */
  private static void mlpDataset(SampleData data, int rounds, boolean shuffled) {
    FloatNdArray x = (FloatNdArray) Ops.reshape(Ops.divide(Ops.cast(data.train().x(), "float32"), 255f), -1, 784);
    IntNdArray y = (IntNdArray) data.train().y();
    int n = (int) x.shape().get(0);
    int steps = (n + BATCH - 1) / BATCH;
    Dataset slices = Dataset.fromTensorSlices(x, y);
    Dataset train = (shuffled ? slices.shuffle(n, 42) : slices).batch(BATCH).prefetch(Dataset.AUTOTUNE);
    double[] datasetMs = new double[rounds];
    double[] arraysMs = new double[rounds];
    double[] ratio = new double[rounds];
    try (Sequential onDataset = mlpModel(1); Sequential onArrays = mlpModel(1)) {
      onDataset.fit(train, fit -> fit.verbose(0));
      onArrays.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(shuffled).verbose(0));
      for (int r = 0; r < rounds; r++) {
        datasetMs[r] = msPerStep(() -> onDataset.fit(train, fit -> fit.verbose(0)), steps)[0];
        arraysMs[r] = msPerStep(() -> onArrays.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(shuffled)
            .verbose(0)), steps)[0];
        ratio[r] = datasetMs[r] / arraysMs[r];
        System.out.printf(Locale.ROOT, "round %d: mlp fit(dataset) %.3f ms/step, fit(arrays) %.3f ms/step (%s)%n",
            r + 1, datasetMs[r], arraysMs[r], shuffled ? "shuffled" : "in order");
      }
    }
    System.out.printf(Locale.ROOT, "median: mlp fit(dataset) %.3f ms/step, fit(arrays) %.3f ms/step, per-round ratio "
        + "%.3f (%s, batch %d, prefetch AUTOTUNE)%n", median(datasetMs), median(arraysMs), median(ratio),
        shuffled ? "shuffle buffer " + n : "no shuffle", BATCH);
  }

  /** The seed MLP compiled as the benchmark trains it, {@code stepsPerExecution} batches per session run. */
  private static Sequential mlpModel(int stepsPerExecution) {
    Sequential model = new Sequential(new Dense(512, "relu").inputShape(784), new Dense(10, "softmax"));
    model.compile(c -> c.optimizer(new RMSprop()).loss("sparse_categorical_crossentropy").metrics("accuracy")
        .stepsPerExecution(stepsPerExecution));
    return model;
  }

  /**
   * Wall and process CPU milliseconds per step of {@code epoch} (CPU time, all threads, native ones
   * included, varies less than wall time on a shared machine).
   */
  static double[] msPerStep(Runnable epoch, int steps) {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    epoch.run();
    return new double[] {(System.nanoTime() - start) / 1e6 / steps, (os.getProcessCpuTime() - cpu) / 1e6 / steps};
  }

  /** One epoch of {@code fit}, in milliseconds per step. */
  private static double fitMsPerStep(Sequential model, FloatNdArray x, IntNdArray y, int steps) {
    long start = System.nanoTime();
    model.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).verbose(0));
    return (System.nanoTime() - start) / 1e6 / steps;
  }

  /**
   * The seed MLP trained by a custom loop ({@code model.stepFunction}, Hands-On ML ch. 12's form: forward
   * pass, loss, tape gradients, {@code optimizer.applyGradients}, a Mean loss tracker), one batch per
   * {@code run}, against {@code fit} on the same data, alternating, median ms/step.
   */
  private static void mlpCustomLoop(SampleData data, int rounds) {
    FloatNdArray x = (FloatNdArray) Ops.reshape(Ops.divide(Ops.cast(data.train().x(), "float32"), 255f), -1, 784);
    IntNdArray y = (IntNdArray) data.train().y();
    int n = (int) x.shape().get(0);
    int steps = (n + BATCH - 1) / BATCH;
    double[] fitMs = new double[rounds];
    double[] loopMs = new double[rounds];
    try (Sequential byFit = new Sequential(new Dense(512, "relu").inputShape(784), new Dense(10, "softmax"));
        Sequential byLoop = new Sequential(new Dense(512, "relu").inputShape(784), new Dense(10, "softmax"))) {
      byFit.compile(new RMSprop(), "sparse_categorical_crossentropy");
      RMSprop optimizer = new RMSprop();
      dev.jkeras.losses.Loss lossFn = dev.jkeras.losses.Losses.get("sparse_categorical_crossentropy");
      dev.jkeras.metrics.Mean meanLoss = new dev.jkeras.metrics.Mean("loss");
      dev.jkeras.trainers.StepFunction step = byLoop.stepFunction((xb, yb, tape) -> {
        var loss = lossFn.apply(yb, byLoop.apply(xb, true));
        var weights = byLoop.trainableWeights();
        optimizer.applyGradients(tape.gradient(loss, weights), weights);
        meanLoss.updateValues(loss);
        return java.util.Map.of("loss", meanLoss.result());
      });
      Runnable loopEpoch = () -> {
        for (int from = 0; from < n; from += BATCH) {
          var rows = org.tensorflow.ndarray.index.Indices.range(from, Math.min(n, from + BATCH));
          step.run(x.slice(rows), y.slice(rows));
        }
        meanLoss.resetState();
      };
      byFit.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
      loopEpoch.run();
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        byFit.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
        fitMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        start = System.nanoTime();
        loopEpoch.run();
        loopMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "round %d: jkeras fit %.3f ms/step, custom loop (stepFunction) %.3f ms/step%n",
            r + 1, fitMs[r], loopMs[r]);
      }
    }
    System.out.printf(Locale.ROOT, "median: jkeras fit %.3f ms/step, custom loop %.3f ms/step, ratio %.3f%n",
        median(fitMs), median(loopMs), median(loopMs) / median(fitMs));
  }

  /**
   * Seed 001's CNN (Conv2D 32 - MaxPooling2D - Conv2D 64 - MaxPooling2D - Flatten - Dropout - Dense 10,
   * Adam, categorical cross-entropy on one-hot labels, batch 128): jkeras {@code fit} against {@link
   * HandWrittenCnn}, alternating, one pass over {@link #CNN_SAMPLES} images per round.
   */
  private static void cnn(SampleData data, int rounds) {
    int n = (int) Math.min(CNN_SAMPLES, data.train().size());
    var images = data.train().x().slice(org.tensorflow.ndarray.index.Indices.range(0, n));
    FloatNdArray x = (FloatNdArray) Ops.expandDims(Ops.divide(Ops.cast(images, "float32"), 255f), -1);
    FloatNdArray y = Utils.toCategorical(data.train().y().slice(org.tensorflow.ndarray.index.Indices.range(0, n)), 10);
    int steps = (n + BATCH - 1) / BATCH;
    System.out.printf("Benchmark: seed 001 CNN (conv32-pool-conv64-pool-dropout-dense10), Adam, batch %d, %d samples "
        + "(%d steps per round), %s%n", BATCH, n, steps, data.description());
    float[] flatX = new float[n * 784];
    x.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flatX, false, false));
    float[] flatY = new float[n * 10];
    y.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flatY, false, false));

    double[] jkerasMs = new double[rounds];
    double[] handMs = new double[rounds];
    try (Sequential model = new Sequential(
            new Conv2D(32, 3).activation("relu").inputShape(28, 28, 1),
            new MaxPooling2D(2),
            new Conv2D(64, 3).activation("relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dropout(0.5),
            new Dense(10, "softmax"));
        HandWrittenCnn baseline = new HandWrittenCnn(42)) {
      model.compile("adam", "categorical_crossentropy", "accuracy");
      model.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
      baseline.trainEpoch(flatX, flatY, BATCH);
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        model.fit(x, y, fit -> fit.epochs(1).batchSize(BATCH).shuffle(false).verbose(0));
        jkerasMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        start = System.nanoTime();
        baseline.trainEpoch(flatX, flatY, BATCH);
        handMs[r] = (System.nanoTime() - start) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "round %d: jkeras %.3f ms/step, hand-written %.3f ms/step%n", r + 1, jkerasMs[r], handMs[r]);
      }
    }
    double jk = median(jkerasMs);
    double hw = median(handMs);
    System.out.printf(Locale.ROOT, "CNN median: jkeras fit %.3f ms/step, hand-written TF Java %.3f ms/step, ratio %.3f (target <= 1.10)%n",
        jk, hw, jk / hw);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
