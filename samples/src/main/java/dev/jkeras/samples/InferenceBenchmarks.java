package dev.jkeras.samples;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import dev.jkeras.samples.baseline.HandWrittenEvaluation;
import dev.jkeras.samples.baseline.HandWrittenSavedModel;
import dev.jkeras.saving.SavedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Inference latency of the seed MLP (784-300-100-10) exported as a SavedModel: the raw TF Java session
 * call ({@link HandWrittenSavedModel}) against jkeras's predict, predictOnBatch, call, evaluate on one
 * batch (also against a hand-written session computing the same forward pass, loss and accuracy,
 * {@link HandWrittenEvaluation}) and ImportedModel.call (with the default call timeout, and loaded with noCallTimeout), at batch
 * 1, 32 and 128, in interleaved rounds (median times, and the median of each round's ratio to that
 * round's raw call, which holds when the machine's speed drifts); and throughput of batch-1 calls from
 * 8 threads on one model.
 */
final class InferenceBenchmarks {
  private static final int[] BATCHES = {1, 32, 128};
  private static final int THREADS = 8;

  private InferenceBenchmarks() {}

  private interface Call {
    void run() throws Exception;
  }

  static void inference(int rounds) {
    try {
      run(rounds);
    } catch (Exception e) {
      throw new IllegalStateException("The inference benchmark failed: " + e.getMessage(), e);
    }
  }

  private static void run(int rounds) throws Exception {
    Path dir = Files.createTempDirectory("jkeras-inference");
    try (Sequential model = new Sequential(new Dense(300, "relu").inputShape(784), new Dense(100, "relu"),
        new Dense(10, "softmax"))) {
      model.compile("rmsprop", "sparse_categorical_crossentropy", "accuracy");
      Path exported = dir.resolve("mlp");
      model.export(exported);
      String in = model.inputNames().get(0);
      try (HandWrittenSavedModel raw = new HandWrittenSavedModel(exported.toString(), 784);
          HandWrittenEvaluation rawEvaluation = new HandWrittenEvaluation(exported.toString(), 10, 784);
          ImportedModel imported = SavedModels.load(exported);
          ImportedModel untimed = SavedModels.load(exported, SavedModelOptions.defaults().noCallTimeout())) {
        System.out.println("Inference, seed MLP 784-300-100-10, " + rounds + " interleaved rounds, median us per call"
            + " and the median over rounds of the ratio to the raw session call of the same round");
        for (int batch : BATCHES) {
          float[] values = new float[batch * 784];
          Random random = new Random(batch);
          for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
          }
          FloatNdArray x = NdArrays.ofFloats(Shape.of(batch, 784));
          x.copyFrom(DataBuffers.of(values, true, false));
          int[] labels = new int[batch];
          for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(10);
          }
          IntNdArray y = NdArrays.ofInts(Shape.of(batch));
          y.copyFrom(DataBuffers.of(labels, true, false));
          int b = batch;
          float[] expected = rawEvaluation.evaluate(values, labels, batch);
          Map<String, Double> logs = model.evaluate(x, y, e -> e.batchSize(b).verbose(0));
          if (Math.abs(logs.get("loss") - expected[0]) > 1e-4 * Math.max(1, Math.abs(expected[0]))
              || Math.abs(logs.get("accuracy") - expected[1]) > 1e-5) {
            throw new IllegalStateException("evaluate gave " + logs + ", the hand-written evaluation loss "
                + expected[0] + " and accuracy " + expected[1]);
          }
          Map<String, Call> calls = new LinkedHashMap<>();
          calls.put("raw SavedModelBundle session", () -> raw.predict(values, b));
          calls.put("predict", () -> model.predict(x, p -> p.batchSize(b).verbose(0)));
          calls.put("predictOnBatch", () -> model.predictOnBatch(x));
          calls.put("model.call", () -> model.call(x));
          calls.put("hand-written forward + loss + accuracy", () -> rawEvaluation.evaluate(values, labels, b));
          calls.put("evaluate (one batch)", () -> model.evaluate(x, y, e -> e.batchSize(b).verbose(0)));
          calls.put("ImportedModel.call", () -> imported.call("serving_default", Map.of(in, x)));
          calls.put("ImportedModel.call, noCallTimeout", () -> untimed.call("serving_default", Map.of(in, x)));
          int perRound = batch == 1 ? 100 : batch == 32 ? 40 : 15;
          Map<String, double[]> times = new LinkedHashMap<>();
          calls.keySet().forEach(k -> times.put(k, new double[rounds]));
          for (Call c : calls.values()) {
            for (int i = 0; i < perRound; i++) {
              c.run();
            }
          }
          for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Call> c : calls.entrySet()) {
              long start = System.nanoTime();
              for (int i = 0; i < perRound; i++) {
                c.getValue().run();
              }
              times.get(c.getKey())[r] = (System.nanoTime() - start) / 1e3 / perRound;
            }
          }
          double[] base = times.get("raw SavedModelBundle session");
          System.out.println("batch " + batch + ":");
          for (Map.Entry<String, double[]> t : times.entrySet()) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
              ratios[r] = t.getValue()[r] / base[r];
            }
            System.out.printf("  %-40s %9.1f us  %5.2fx%n", t.getKey(), median(t.getValue()), median(ratios));
          }
          double[] handEvaluation = times.get("hand-written forward + loss + accuracy");
          double[] evaluate = times.get("evaluate (one batch)");
          double[] evaluateRatios = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            evaluateRatios[r] = evaluate[r] / handEvaluation[r];
          }
          System.out.printf("  %-40s %9s     %5.2fx%n", "evaluate / hand-written evaluation", "", median(evaluateRatios));
        }
        float[] one = new float[784];
        Arrays.fill(one, 0.5f);
        FloatNdArray x1 = NdArrays.ofFloats(Shape.of(1, 784));
        x1.copyFrom(DataBuffers.of(one, true, false));
        System.out.println("batch 1 from " + THREADS + " threads on one model, calls per second (ratio to raw):");
        double rawRate = throughput(rounds, () -> raw.predict(one, 1));
        double predictRate = throughput(rounds, () -> model.predictOnBatch(x1));
        double importedRate = throughput(rounds, () -> imported.call("serving_default", Map.of(in, x1)));
        double untimedRate = throughput(rounds, () -> untimed.call("serving_default", Map.of(in, x1)));
        System.out.printf("  %-40s %9.0f/s%n", "raw SavedModelBundle session", rawRate);
        System.out.printf("  %-40s %9.0f/s  %5.2fx%n", "predictOnBatch", predictRate, predictRate / rawRate);
        System.out.printf("  %-40s %9.0f/s  %5.2fx%n", "ImportedModel.call", importedRate, importedRate / rawRate);
        System.out.printf("  %-40s %9.0f/s  %5.2fx%n", "ImportedModel.call, noCallTimeout", untimedRate,
            untimedRate / rawRate);
      }
    }
  }

  /** The median, over rounds, of batch-1 calls per second with {@code THREADS} threads calling at once. */
  private static double throughput(int rounds, Call call) throws Exception {
    int perThread = 300;
    double[] rates = new double[rounds];
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int r = 0; r < rounds; r++) {
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          futures.add(pool.submit(() -> {
            for (int i = 0; i < perThread; i++) {
              call.run();
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        rates[r] = THREADS * perThread / ((System.nanoTime() - start) / 1e9);
      }
    } finally {
      pool.shutdownNow();
    }
    return median(rates);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
