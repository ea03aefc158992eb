package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
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
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * One model called from several threads: evaluate and predict give the single-threaded results,
 * concurrent saves all succeed, and a second fit is refused clearly while the first one goes on.
 */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private final TestData.Blobs data = TestData.blobs(300, 8, 3, 21);

  private static Sequential model() {
    Sequential model = new Sequential(new Dense(16, "relu").inputShape(8), new Dense(3, "softmax"));
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    return model;
  }

  /** A call numbered by its position among the concurrent calls. */
  private interface Call<T> {
    T run(int index) throws Exception;
  }

  /** Makes {@code calls} calls on {@code THREADS} threads, all starting at once; their results in order. */
  private static <T> List<T> concurrently(int calls, Call<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return call.run(index);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void evaluateFromEightThreadsGivesTheSingleThreadedResultExactly() throws Exception {
    try (Sequential model = model()) {
      // The threads also race to trace the test step: it is traced here for the first time.
      List<Map<String, Double>> results = concurrently(THREADS * 10,
          i -> model.evaluate(data.x(), data.y(), e -> e.batchSize(16).verbose(0)));
      Map<String, Double> single = model.evaluate(data.x(), data.y(), e -> e.batchSize(16).verbose(0));
      assertEquals(List.of("loss", "accuracy"), List.copyOf(single.keySet()));
      for (Map<String, Double> result : results) {
        assertEquals(single, result);
      }
    }
  }

  @Test
  void predictFromEightThreadsGivesTheSingleThreadedOutputs() throws Exception {
    try (Sequential model = model()) {
      List<NdArray<?>> results = concurrently(THREADS * 25, i -> model.predict(data.x(), p -> p.batchSize(32).verbose(0)));
      NdArray<?> single = model.predict(data.x(), p -> p.verbose(0));
      for (NdArray<?> result : results) {
        assertEquals(single, result);
      }
    }
  }

  @Test
  void concurrentSavesAllSucceedAndLoadTheSameModel(@TempDir Path dir) throws Exception {
    // Each round a fresh model, compiled but never trained nor saved: the saves race to build the
    // optimizer's state and the read ops of every weight.
    for (int round = 0; round < 2; round++) {
      try (Sequential model = deepModel()) {
        NdArray<?> expected = model.predict(data.x(), p -> p.verbose(0));
        String prefix = "round" + round + "-";
        List<Path> files = concurrently(THREADS * 2, i -> {
          Path file = dir.resolve(prefix + i + ".keras");
          model.save(file);
          return file;
        });
        for (Path file : List.of(files.get(0), files.get(files.size() - 1))) {
          try (Model loaded = Models.loadModel(file)) {
            assertEquals(expected, loaded.predict(data.x(), p -> p.verbose(0)), file.toString());
          }
        }
      }
    }
  }

  @Test
  void predictEvaluateSaveExportAndWeightReadsRaceToBuildAFreshModel(@TempDir Path dir) throws Exception {
    try (Sequential model = deepModel()) {
      List<Object> results = concurrently(THREADS * 2, task -> {
        return switch (task % 5) {
          case 0 -> model.predict(data.x(), p -> p.verbose(0));
          case 1 -> model.evaluate(data.x(), data.y(), e -> e.verbose(0));
          case 2 -> {
            model.save(dir.resolve("model-" + task + ".keras"));
            yield "saved";
          }
          case 3 -> {
            model.export(dir.resolve("export-" + task));
            yield "exported";
          }
          default -> model.layers().get(0).getWeights().size();
        };
      });
      NdArray<?> predictions = model.predict(data.x(), p -> p.verbose(0));
      Map<String, Double> scores = model.evaluate(data.x(), data.y(), e -> e.verbose(0));
      for (int task = 0; task < results.size(); task++) {
        Object expected = switch (task % 5) {
          case 0 -> predictions;
          case 1 -> scores;
          case 2 -> "saved";
          case 3 -> "exported";
          default -> 2;
        };
        assertEquals(expected, results.get(task), "task " + task);
      }
    }
  }

  private static Sequential deepModel() {
    Sequential model = new Sequential(new Dense(16, "relu").inputShape(8));
    for (int i = 0; i < 6; i++) {
      model.add(new Dense(16, "relu"));
    }
    model.add(new Dense(3, "softmax"));
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    return model;
  }

  @Test
  void aSecondFitOnAnotherThreadIsRefusedAndTheFirstGoesOn() throws Exception {
    try (Sequential model = model()) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch refused = new CountDownLatch(1);
      Callback holdFirstEpoch = new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          if (epoch == 0) {
            running.countDown();
            try {
              assertTrue(refused.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      };
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<History> first = pool.submit(() -> model.fit(data.x(), data.y(),
            f -> f.epochs(3).batchSize(32).verbose(0).callbacks(holdFirstEpoch)));
        assertTrue(running.await(60, TimeUnit.SECONDS));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> model.fit(data.x(), data.y(), f -> f.epochs(1).verbose(0)));
        assertTrue(e.getMessage().contains("A fit is already running on model '" + model.name() + "'"),
            e.getMessage());
        refused.countDown();
        History history = first.get(60, TimeUnit.SECONDS);
        assertEquals(3, history.history().get("loss").size());
      } finally {
        pool.shutdownNow();
      }
      // Once the first fit returned, fitting again works.
      assertEquals(1, model.fit(data.x(), data.y(), f -> f.epochs(1).verbose(0)).history().get("loss").size());
    }
  }

  @Test
  void fitFromACallbackIsRefusedWhileEvaluatePredictAndSaveWorkThere(@TempDir Path dir) {
    try (Sequential model = model()) {
      List<String> seen = new ArrayList<>();
      Callback callback = new Callback() {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
          IllegalStateException e = assertThrows(IllegalStateException.class,
              () -> model().fit(data.x(), data.y(), f -> f.epochs(1).verbose(0)));
          seen.add(e.getMessage().contains("already running") ? "fit refused" : e.getMessage());
          Map<String, Double> scores = model().evaluate(data.x(), data.y(), o -> o.verbose(0));
          seen.add("evaluate " + scores.keySet());
          NdArray<?> predictions = model().predict(data.x(), p -> p.verbose(0));
          seen.add("predict " + predictions.shape().size(0));
          Path file = dir.resolve("epoch-" + epoch + ".keras");
          model().save(file);
          seen.add("saved " + file.toFile().isFile());
        }
      };
      History history = model.fit(data.x(), data.y(),
          f -> f.epochs(2).verbose(0).validationSplit(0.2).callbacks(callback));
      assertEquals(List.of("fit refused", "evaluate [loss, accuracy]", "predict 300", "saved true",
          "fit refused", "evaluate [loss, accuracy]", "predict 300", "saved true"), seen);
      assertEquals(2, history.history().get("val_loss").size());
    }
  }

  @Test
  void evaluateOnAnotherThreadDuringAFitWaitsForItAndIsExact() throws Exception {
    try (Sequential model = model()) {
      CountDownLatch running = new CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean trainEnded = new java.util.concurrent.atomic.AtomicBoolean();
      Callback signal = new Callback() {
        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
          running.countDown();
        }

        @Override
        public void onTrainEnd(Map<String, Double> logs) {
          trainEnded.set(true);
        }
      };
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<History> fit = pool.submit(() -> model.fit(data.x(), data.y(),
            f -> f.epochs(5).batchSize(8).verbose(0).callbacks(signal)));
        assertTrue(running.await(60, TimeUnit.SECONDS));
        Map<String, Double> during = model.evaluate(data.x(), data.y(), e -> e.verbose(0));
        assertTrue(trainEnded.get(), "evaluate ran while the fit was still accumulating metrics");
        fit.get(60, TimeUnit.SECONDS);
        assertEquals(model.evaluate(data.x(), data.y(), e -> e.verbose(0)), during);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void predictOnAnotherThreadDuringAFitDoesNotWaitForIt() throws Exception {
    try (Sequential model = model()) {
      model.predict(data.x(), p -> p.verbose(0));
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch predicted = new CountDownLatch(1);
      Callback holdFirstBatch = new Callback() {
        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
          if (batch == 0 && running.getCount() > 0) {
            running.countDown();
            try {
              assertTrue(predicted.await(60, TimeUnit.SECONDS), "predict waited for the fit");
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      };
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<History> fit = pool.submit(() -> model.fit(data.x(), data.y(),
            f -> f.epochs(1).verbose(0).callbacks(holdFirstBatch)));
        assertTrue(running.await(60, TimeUnit.SECONDS));
        FloatNdArray output = model.predict(data.x(), p -> p.verbose(0));
        predicted.countDown();
        assertEquals(300, output.shape().size(0));
        fit.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
