package dev.jkeras.samples;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.callbacks.LambdaCallback;
import dev.jkeras.distribution.DataParallel;
import dev.jkeras.distribution.Distribution;
import dev.jkeras.distribution.MultiWorkerMirroredStrategy;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Flatten;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.index.Indices;

/**
 * One worker of {@link MultiWorkerMlp} (its cluster in {@code TF_CONFIG}): the seed's Fashion-MNIST
 * MLP trained with the same {@code compile}/{@code fit} code as on one machine, under a
 * {@link MultiWorkerMirroredStrategy}. Every worker evaluates its shard of the test set (each gets
 * the whole set's result); the chief saves the model and prints {@code RESULT name value} lines. With {@code --benchmark STEPS PACKED} it instead times
 * {@code STEPS} training steps after a warm-up, and a lone all-reduce of the model's gradient size.
 */
public final class MultiWorkerMlpWorker {
  static final int PER_WORKER_BATCH = 32;

  private MultiWorkerMlpWorker() {}

  public static void main(String[] argv) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(3_600_000L);
        System.err.println("Worker watchdog: still running after an hour; exiting");
        Runtime.getRuntime().halt(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      int bench = Arrays.asList(argv).indexOf("--benchmark");
      if (bench >= 0) {
        benchmark(Integer.parseInt(argv[bench + 1]), Boolean.parseBoolean(argv[bench + 2]));
      } else {
        train(SampleArgs.parse(argv));
      }
      System.out.flush();
      Runtime.getRuntime().halt(0);
    } catch (Throwable e) {
      System.err.println("WORKER-ERROR: " + e);
      e.printStackTrace();
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(2);
    }
  }

  private static Sequential seedMlp() {
    return new Sequential(new Flatten().inputShape(28, 28), new Dense(300, "relu"), new Dense(100, "relu"),
        new Dense(10, "softmax"));
  }

  private static void train(SampleArgs args) {
    DataParallel strategy = new MultiWorkerMirroredStrategy();
    Distribution.setDistribution(strategy);
    var data = SampleData.fashionMnist(args);
    var x = Ops.divide(Ops.cast(data.train().x(), "float32"), 255f);
    long n = x.shape().get(0);
    int validation = data.validationSize();
    var xTrain = x.slice(Indices.range(validation, n));
    var yTrain = data.train().y().slice(Indices.range(validation, n));
    try (Sequential model = seedMlp()) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      int globalBatch = PER_WORKER_BATCH * strategy.numReplicasInSync();
      long start = System.nanoTime();
      int epochs = args.epochs(5);
      model.fit(xTrain, yTrain, fit -> fit.epochs(epochs).batchSize(globalBatch).verbose(strategy.isChief() ? 2 : 0)
          .callbacks(new LambdaCallback().onEpochEnd((epoch, logs) -> System.out.printf(
              "worker %d epoch %d: loss %.4f (over all workers)%n", strategy.taskIndex(), epoch + 1, logs.get("loss")))));
      double seconds = (System.nanoTime() - start) / 1e9;
      // evaluate is sharded across the workers, so every worker calls it (as under MultiWorkerMirroredStrategy).
      Map<String, Double> scores = model.evaluate(Ops.divide(Ops.cast(data.test().x(), "float32"), 255f),
          data.test().y(), e -> e.batchSize(globalBatch).verbose(0));
      if (strategy.isChief()) {
        java.nio.file.Path saved = args.outputDir(new MultiWorkerMlp()).resolve("multi_worker_mlp.keras");
        model.save(saved);
        System.out.printf("RESULT test_accuracy %.4f%nRESULT test_loss %.4f%nRESULT epochs %d%nRESULT workers %d%n"
            + "RESULT global_batch %d%nRESULT fit_seconds %.1f%nRESULT saved %s%n", scores.get("accuracy"),
            scores.get("loss"), epochs, strategy.numReplicasInSync(), globalBatch, seconds, saved);
      }
    }
  }

  /**
   * Times {@code steps} train steps of the seed MLP (per-worker batch 32, random images), after 20
   * warm-up steps; then {@code 200} runs of one all-reduce of the gradients' size, packed.
   */
  private static void benchmark(int steps, boolean packed) {
    DataParallel strategy = new MultiWorkerMirroredStrategy().withPackedGradients(packed);
    Distribution.setDistribution(strategy);
    int workers = strategy.numReplicasInSync();
    int warmup = 20;
    int samples = PER_WORKER_BATCH * workers * (warmup + steps);
    var random = new java.util.Random(1);
    var x = org.tensorflow.ndarray.NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(samples, 28, 28));
    var y = org.tensorflow.ndarray.NdArrays.ofInts(org.tensorflow.ndarray.Shape.of(samples));
    x.scalars().forEach(s -> s.setFloat(random.nextFloat()));
    y.scalars().forEach(s -> s.setInt(random.nextInt(10)));
    try (Sequential model = seedMlp()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      long[] marks = new long[warmup + steps + 1];
      model.fit(x, y, fit -> fit.epochs(1).batchSize(PER_WORKER_BATCH * workers).shuffle(false).verbose(0)
          .callbacks(new LambdaCallback().onTrainBatchEnd((batch, logs) -> marks[batch + 1] = System.nanoTime())));
      double msPerStep = (marks[warmup + steps] - marks[warmup]) / 1e6 / steps;
      double allReduceMs = workers > 1 ? allReduceMs(model.countParams()) : 0;
      if (strategy.isChief()) {
        System.out.printf("RESULT ms_per_step %.3f%nRESULT all_reduce_ms %.3f%nRESULT params %d%n", msPerStep,
            allReduceMs, model.countParams());
      }
    }
  }

  /** The time of one packed all-reduce of {@code size} floats, alone in a session run. */
  private static double allReduceMs(long size) {
    try (ModelGraph graph = Backends.get().newGraph("all_reduce_benchmark")) {
      GraphFunction reduce = graph.trace(() -> {
        KerasTensor values = Ops.ones(Shape.of(size), DType.FLOAT32);
        List<KerasTensor> mean = Ops.allReduceMean(List.of(values));
        return graph.function(List.of(), List.of(Ops.sum(mean.get(0))), List.of());
      });
      for (int i = 0; i < 20; i++) {
        reduce.call(List.of());
      }
      int runs = 200;
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        reduce.call(List.of());
      }
      return (System.nanoTime() - start) / 1e6 / runs;
    }
  }
}
