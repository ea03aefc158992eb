package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.layers.Dense;
import dev.jkeras.saving.SavedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * The inference entry points (predict, predictOnBatch, call, an imported SavedModel's call) on one
 * model from eight threads at once, each thread with its own inputs: every result equals the
 * single-threaded one, also while another thread keeps tracing new batch sizes.
 */
class InferenceThreadsTest {
  private static final int THREADS = 8;
  private static final int CALLS = 25;
  private final TestData.Blobs data = TestData.blobs(256, 8, 3, 5);

  private static Sequential model() {
    Sequential model = new Sequential(new Dense(16, "relu").inputShape(8), new Dense(3, "softmax"));
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    return model;
  }

  /** The rows of thread {@code t}'s input: a different slice per thread. */
  private NdArray<?> rows(int t) {
    int from = (t * 29) % 200;
    return data.x().slice(Indices.range(from, from + 1 + t * 7));
  }

  private interface Call {
    NdArray<?> run(NdArray<?> x) throws Exception;
  }

  /**
   * Runs {@code call} {@code CALLS} times on each of {@code THREADS} threads, thread {@code t} on
   * {@link #rows(int)}, while one more thread predicts at new batch sizes; checks each result against
   * {@code expected.get(t)}.
   */
  private void hammer(Sequential model, Call call, List<NdArray<?>> expected) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          NdArray<?> x = rows(thread);
          for (int i = 0; i < CALLS; i++) {
            assertEquals(expected.get(thread), call.run(x), "thread " + thread + " call " + i);
          }
          return null;
        }));
      }
      NdArray<?> all = data.x();
      NdArray<?> whole = model.predict(all, p -> p.batchSize(256).verbose(0));
      futures.add(pool.submit(() -> {
        start.await();
        for (int batchSize = 3; batchSize < 60; batchSize += 7) {
          int b = batchSize;
          NdArray<?> out = model.predict(all, p -> p.batchSize(b).verbose(0));
          assertEquals(whole.shape(), out.shape());
        }
        return null;
      }));
      start.countDown();
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<NdArray<?>> singleThreaded(Call call) throws Exception {
    List<NdArray<?>> expected = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      expected.add(call.run(rows(t)));
    }
    return expected;
  }

  @Test
  void predictFromEightThreadsWithOwnInputsWhileAnotherTracesNewBatchSizes() throws Exception {
    try (Sequential model = model()) {
      Call predict = x -> model.predict(x, p -> p.batchSize(16).verbose(0));
      hammer(model, predict, singleThreaded(predict));
    }
  }

  @Test
  void predictOnBatchFromEightThreads() throws Exception {
    try (Sequential model = model()) {
      Call call = model::predictOnBatch;
      hammer(model, call, singleThreaded(call));
    }
  }

  @Test
  void eagerCallFromEightThreadsEqualsPredict() throws Exception {
    try (Sequential model = model()) {
      Call call = model::call;
      List<NdArray<?>> expected = singleThreaded(call);
      for (int t = 0; t < THREADS; t++) {
        assertEquals(model.predictOnBatch(rows(t)), expected.get(t));
      }
      hammer(model, call, expected);
    }
  }

  @Test
  void importedModelCallFromEightThreads(@TempDir Path dir) throws Exception {
    try (Sequential model = model()) {
      Path exported = dir.resolve("served");
      model.export(exported);
      try (ImportedModel served = SavedModels.load(exported)) {
        String in = model.inputNames().get(0);
        String out = model.outputNames().get(0);
        Call call = x -> served.call("serving_default", Map.of(in, x)).get(out);
        List<NdArray<?>> expected = singleThreaded(call);
        hammer(model, call, expected);
      }
    }
  }
}
