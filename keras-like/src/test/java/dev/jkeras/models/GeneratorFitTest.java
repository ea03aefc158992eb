package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.Shape;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.callbacks.History;
import dev.jkeras.data.Dataset;
import dev.jkeras.layers.Dense;
import dev.jkeras.optimizers.RMSprop;
import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.index.Indices;

/**
 * Datasets made by Java code ({@code fromGenerator}, {@code fromIterable}, {@code fromStream}): a
 * bounded producer thread, each element one batch; a generator that throws stops fit with its
 * exception as the cause, closes its stream and leaves no thread running.
 */
class GeneratorFitTest {
  private static final int SAMPLES = 150;
  private static final int BATCH = 16;
  private final TestData.Blobs data = TestData.blobs(SAMPLES, 8, 3, 7);
  private final Object signature = List.of(Dataset.tensorSpec(Shape.of(Shape.UNKNOWN, 8), "float32"),
      Dataset.tensorSpec(Shape.of(Shape.UNKNOWN), "int32"));

  @AfterEach
  void forgetSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private static Sequential model() {
    Utils.setRandomSeed(3);
    Sequential model = new Sequential(new Dense(16, "relu").inputShape(8), new Dense(3, "softmax"));
    model.compile(c -> c.optimizer(new RMSprop(0.01)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return model;
  }

  private List<List<NdArray<?>>> batchList() {
    List<List<NdArray<?>>> batches = new ArrayList<>();
    for (int from = 0; from < SAMPLES; from += BATCH) {
      var rows = Indices.range(from, Math.min(SAMPLES, from + BATCH));
      batches.add(List.of(data.x().slice(rows), data.y().slice(rows)));
    }
    return batches;
  }

  private static long generatorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("jkeras-dataset-generator") && t.isAlive()).count();
  }

  @Test
  void aGeneratorOfBatchesTrainsAsTheSameArraysDo() {
    List<float[]> expected;
    Iterable<List<NdArray<?>>> batches = batchList();
    try (Sequential model = model()) {
      model.fit(data.x(), data.y(), fit -> fit.epochs(2).batchSize(BATCH).shuffle(false).verbose(0));
      expected = TestData.floats(model.getWeights());
    }
    try (Sequential model = model()) {
      History h = model.fit(Dataset.fromGenerator(() -> batchList().iterator(), signature),
          fit -> fit.epochs(2).verbose(0));
      assertEquals(2, h.history().get("loss").size());
      List<float[]> got = TestData.floats(model.getWeights());
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), got.get(i), 1e-6f);
      }
      Dataset iterable = Dataset.fromIterable(batches, signature);
      var scores = model.evaluate(iterable, e -> e.verbose(0));
      var onArrays = model.evaluate(data.x(), data.y(), e -> e.batchSize(BATCH).verbose(0));
      assertEquals(onArrays.get("loss"), scores.get("loss"), 1e-6);
      assertEquals(SAMPLES, model.predict(iterable, p -> p.verbose(0)).shape().get(0));
    }
    assertEquals(0, generatorThreads());
  }

  @Test
  void iteratedFromJavaAndCheckedAgainstTheDeclaredSpec() {
    List<List<NdArray<?>>> elements = Dataset.fromIterable(batchList(), signature).toList();
    assertEquals(10, elements.size());
    assertEquals(6, elements.get(9).get(0).shape().get(0));
    List<List<NdArray<?>>> wrong = List.of(List.of(data.x(), data.x()));
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromIterable(wrong, signature).toList());
    assertTrue(e.getMessage().contains("element 0, component 1") && e.getMessage().contains("int32"), e.getMessage());
    var transformed = assertThrows(UnsupportedOperationException.class,
        () -> Dataset.fromIterable(batchList(), signature).batch(2));
    assertTrue(transformed.getMessage().contains("py_function"), transformed.getMessage());
    assertEquals(0, generatorThreads());
  }

  @Test
  void aGeneratorThatThrowsStopsFitWithItsExceptionAndItsThread() throws Exception {
    RuntimeException broken = new IllegalStateException("disk on fire");
    AtomicBoolean streamClosed = new AtomicBoolean();
    Dataset failing = Dataset.fromStream(() -> IntStream.range(0, 10).mapToObj(i -> {
      if (i == 3) {
        throw broken;
      }
      return batchList().get(i);
    }).onClose(() -> streamClosed.set(true)), signature);
    List<Integer> batchesRun = new ArrayList<>();
    try (Sequential model = model()) {
      var e = assertThrows(IllegalStateException.class, () -> model.fit(failing, fit -> fit.verbose(0).callbacks(
          new dev.jkeras.callbacks.Callback() {
            @Override
            public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
              batchesRun.add(batch);
            }
          })));
      assertSame(broken, e.getCause());
      assertTrue(e.getMessage().contains("element 3"), e.getMessage());
    }
    assertEquals(List.of(0, 1, 2), batchesRun);
    assertTrue(streamClosed.get(), "the generator's stream is closed");
    assertEquals(0, generatorThreads());
  }

  @Test
  void stoppingEarlyStopsTheProducer() {
    Iterator<Object> endless = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Object next() {
        return List.of(data.x().slice(Indices.range(0, BATCH)), data.y().slice(Indices.range(0, BATCH)));
      }
    };
    try (Sequential model = model()) {
      History h = model.fit(Dataset.fromGenerator(() -> endless, signature),
          fit -> fit.epochs(3).stepsPerEpoch(4).verbose(0));
      assertEquals(3, h.history().get("loss").size());
    }
    var elements = Dataset.fromGenerator(() -> endless, signature).iterator();
    elements.next();
    elements.close();
    assertEquals(0, generatorThreads());
  }
}
