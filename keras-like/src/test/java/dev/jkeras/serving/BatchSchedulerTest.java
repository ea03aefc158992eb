package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.saving.SavedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

@Timeout(60)
class BatchSchedulerTest {
  private static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();

  private static BatchingOptions options(int maxBatchSize, int threads) {
    return BatchingOptions.defaults().maxBatchSize(maxBatchSize).numBatchThreads(threads);
  }

  private static float[] y(NdArray<?> value) {
    FloatNdArray y = (FloatNdArray) value;
    float[] out = new float[(int) y.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = y.getFloat(i / 3, i % 3);
    }
    return out;
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 20 s");
      Thread.sleep(2);
    }
  }

  @Test
  void concurrentRequestsMergeIntoFewerCallsWithTheUnbatchedResults() throws Exception {
    FakeModel model = new FakeModel();
    model.sleepMillis = 5;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (BatchScheduler scheduler = new BatchScheduler(options(32, 1))) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int r = 0; r < 10; r++) {
            float v = thread * 100 + r;
            FloatNdArray x = FakeModel.rows(v, v + 1, v + 2);
            Map<String, NdArray<?>> out = scheduler.call(model, "serving_default", Map.of("x", x));
            float[] expected = y(new FakeModel().call("serving_default", Map.of("x", x)).get("y"));
            assertEquals(List.of("y"), List.copyOf(out.keySet()));
            assertEquals(List.of(1L, 3L), List.of(out.get("y").shape().asArray()[0], out.get("y").shape().asArray()[1]));
            assertTrue(java.util.Arrays.equals(expected, y(out.get("y"))), "row " + v);
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(80, model.callRows.stream().mapToInt(Integer::intValue).sum());
    assertTrue(model.callRows.size() < 80, "8 threads x 10 requests took " + model.callRows.size() + " model calls");
    assertTrue(model.callRows.stream().anyMatch(rows -> rows > 1), "some batch merged requests: " + model.callRows);
    assertTrue(model.callRows.stream().allMatch(rows -> rows <= 32));
    assertTrue(model.callThreads.stream().allMatch(name -> name.startsWith("jkeras-batch-")));
  }

  @Test
  void timeoutFlushesAPartialBatch() throws Exception {
    FakeModel model = new FakeModel();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    BatchingOptions options = options(100, 1).batchTimeout(Duration.ofMillis(200));
    try (BatchScheduler scheduler = new BatchScheduler(options)) {
      long start = System.nanoTime();
      List<Future<Map<String, NdArray<?>>>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        float v = i;
        futures.add(pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(v, v, v)))));
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(2 * i + 1, y(futures.get(i).get(10, TimeUnit.SECONDS).get("y"))[0]);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 150, "the underfull batch waited for the timeout, took " + millis + " ms");
      assertEquals(List.of(3), model.callRows, "the three requests ran as one batch of 3 of at most 100");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRequestThatDoesNotFitTheSignatureFailsAloneWithTheModelsError() throws Exception {
    FakeModel model = new FakeModel();
    model.hold();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (BatchScheduler scheduler = new BatchScheduler(options(32, 1))) {
      Future<?> first = pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(1, 1, 1))));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      List<Future<Map<String, NdArray<?>>>> good = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        good.add(pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(2, 2, 2)))));
      }
      FloatNdArray wide = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(1, 4));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> scheduler.call(model, "serving_default", Map.of("x", wide)));
      assertTrue(e.getMessage().contains("(None, 3)"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> scheduler.call(model, "serving_default", Map.of("z", FakeModel.rows(1, 2, 3))));
      assertTrue(e.getMessage().contains("'x'"), e.getMessage());
      model.release();
      first.get(10, TimeUnit.SECONDS);
      for (Future<Map<String, NdArray<?>>> future : good) {
        assertEquals(5f, y(future.get(10, TimeUnit.SECONDS).get("y"))[0]);
      }
    } finally {
      model.release();
      pool.shutdownNow();
    }
  }

  @Test
  void aValueTheModelRefusesAtRunTimeFailsOnlyItsOwnRequest() throws Exception {
    FakeModel model = new FakeModel();
    model.hold();
    AtomicInteger enqueued = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try (BatchScheduler scheduler = new BatchScheduler(options(32, 1), listener(enqueued))) {
      Future<?> first = pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(1, 1, 1))));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      List<Future<Map<String, NdArray<?>>>> good = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        float v = i;
        good.add(pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(v, v, v)))));
      }
      Future<Map<String, NdArray<?>>> bad = pool.submit(
          () -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(0, Float.NaN, 0))));
      awaitTrue(() -> enqueued.get() == 5);
      model.release();
      first.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) {
        assertEquals(2 * i + 1, y(good.get(i).get(10, TimeUnit.SECONDS).get("y"))[0]);
      }
      ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("NaN"), e.getCause().getMessage());
      assertEquals(4, model.callRows.get(1), "the four waiting requests first ran as one batch: " + model.callRows);
    } finally {
      model.release();
      pool.shutdownNow();
    }
  }

  @Test
  void aFullQueueRefusesAtOnceAndTheQueueRecovers() throws Exception {
    FakeModel model = new FakeModel();
    model.hold();
    AtomicInteger enqueued = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    BatchingOptions options = options(1, 1).maxEnqueuedBatches(2);
    try (BatchScheduler scheduler = new BatchScheduler(options, listener(enqueued))) {
      List<Future<Map<String, NdArray<?>>>> accepted = new ArrayList<>();
      accepted.add(pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(0, 0, 0)))));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      for (int i = 1; i <= 2; i++) {
        float v = i;
        accepted.add(pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(v, v, v)))));
      }
      awaitTrue(() -> enqueued.get() == 3);
      BatchScheduler.QueueFullException e = assertThrows(BatchScheduler.QueueFullException.class,
          () -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(9, 9, 9))));
      assertTrue(e.getMessage().startsWith("The batch scheduling queue to which this task was submitted is full"),
          e.getMessage());
      assertTrue(e.getMessage().contains("max_enqueued_batches"), e.getMessage());
      IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
          () -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(1, 1, 1, 2, 2, 2))));
      assertTrue(tooBig.getMessage().contains("Task size 2 is larger than maximum input batch size 1"),
          tooBig.getMessage());
      model.release();
      for (int i = 0; i < 3; i++) {
        assertEquals(2 * i + 1, y(accepted.get(i).get(10, TimeUnit.SECONDS).get("y"))[0]);
      }
      assertEquals(19f, y(scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(9, 9, 9))).get("y"))[0]);
    } finally {
      model.release();
      pool.shutdownNow();
    }
  }

  @Test
  void closeFailsWaitingRequestsLetsTheRunningBatchFinishAndRefusesNewOnes() throws Exception {
    FakeModel model = new FakeModel();
    model.hold();
    AtomicInteger enqueued = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    BatchScheduler scheduler = new BatchScheduler(options(1, 1), listener(enqueued));
    try {
      Future<Map<String, NdArray<?>>> running =
          pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(1, 1, 1))));
      assertTrue(model.entered.await(10, TimeUnit.SECONDS));
      Future<Map<String, NdArray<?>>> waiting =
          pool.submit(() -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(2, 2, 2))));
      awaitTrue(() -> enqueued.get() == 2);
      Future<?> closing = pool.submit(scheduler::close);
      ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("closed before this request ran"), e.getCause().getMessage());
      assertFalse(closing.isDone(), "close waits for the running batch");
      model.release();
      closing.get(10, TimeUnit.SECONDS);
      assertEquals(3f, y(running.get(10, TimeUnit.SECONDS).get("y"))[0]);
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> scheduler.call(model, "serving_default", Map.of("x", FakeModel.rows(3, 3, 3))));
      assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
      assertEquals(List.of(1), model.callRows);
    } finally {
      model.release();
      scheduler.close();
      pool.shutdownNow();
    }
  }

  @Test
  void requestsWhoseOtherDimensionsDifferRunInSeparateBatchesUnpadded() throws Exception {
    FakeModel model = new FakeModel();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    BatchingOptions options = options(100, 1).batchTimeout(Duration.ofSeconds(1));
    try (BatchScheduler scheduler = new BatchScheduler(options)) {
      List<Future<Map<String, NdArray<?>>>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int width = i % 2 == 0 ? 2 : 5;
        float v = i;
        futures.add(pool.submit(() -> {
          FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(1, width));
          for (int j = 0; j < width; j++) {
            x.setFloat(v, 0, j);
          }
          return scheduler.call(model, "ragged", Map.of("x", x));
        }));
      }
      for (int i = 0; i < 8; i++) {
        FloatNdArray y = (FloatNdArray) futures.get(i).get(10, TimeUnit.SECONDS).get("y");
        assertEquals(org.tensorflow.ndarray.Shape.of(1, i % 2 == 0 ? 2 : 5), y.shape());
        assertEquals((float) i, y.getFloat(0, y.shape().get(1) - 1));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8, model.callRows.stream().mapToInt(Integer::intValue).sum());
    assertTrue(model.callRows.size() >= 2, "widths 2 and 5 never share a batch: " + model.callRows);
    assertTrue(model.callRows.size() < 8, "same widths were merged: " + model.callRows);
  }

  @Test
  void aSignatureWithoutABatchDimensionRunsUnbatchedInTheCallersThread() throws Exception {
    FakeModel model = new FakeModel();
    try (BatchScheduler scheduler = new BatchScheduler(options(32, 1))) {
      Map<String, NdArray<?>> out = scheduler.call(model, "count", Map.of("x", FakeModel.rows(1, 2, 3)));
      assertEquals(0, out.get("n").rank());
      assertEquals(List.of(Thread.currentThread().getName()), model.callThreads);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> scheduler.call(model, "nope", Map.of("x", FakeModel.rows(1, 2, 3))));
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
  }

  @Test
  void matrixHalfPlusTwoFromEightThreads() throws Exception {
    Path dir = FIXTURES.resolve("matrix_half_plus_two_tf1");
    assumeTrue(Files.isDirectory(dir), "fixture missing: " + dir);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (ImportedModel model = SavedModels.load(dir);
        BatchScheduler scheduler = new BatchScheduler(options(16, 1))) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int r = 0; r < 20; r++) {
            FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(1, 3, 3));
            for (int i = 0; i < 9; i++) {
              x.setFloat(thread * 1000 + r * 10 + i, 0, i / 3, i % 3);
            }
            FloatNdArray y = (FloatNdArray) scheduler.call(model, "serving_default", Map.of("x", x)).get("y");
            for (int i = 0; i < 9; i++) {
              assertEquals(0.5f * (thread * 1000 + r * 10 + i) + 2, y.getFloat(0, i / 3, i % 3));
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(40, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static BatchScheduler.Listener listener(AtomicInteger enqueued) {
    return new BatchScheduler.Listener() {
      @Override
      public void requestEnqueued(int rows) {
        enqueued.incrementAndGet();
      }

      @Override
      public void batchRan(int rows, long[] queuingMicros) {}
    };
  }
}
