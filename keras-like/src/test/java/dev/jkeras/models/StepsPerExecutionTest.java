package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.utils.Utils;
import dev.jkeras.backend.RandomSeeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code steps_per_execution}: several batches per session run train as one batch per run
 * does, with the callbacks called once per run, as Keras calls them.
 */
class StepsPerExecutionTest {
  /** 150 samples in batches of 16: 10 batches, the last one of 6 samples (ragged). */
  private static final int SAMPLES = 150;
  private static final int BATCH = 16;
  private final TestData.Blobs data = TestData.blobs(SAMPLES, 8, 3, 7);

  @AfterEach
  void forgetSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private static Sequential model(int stepsPerExecution) {
    Utils.setRandomSeed(3);
    Sequential model = new Sequential(new Dense(16, "relu").inputShape(8), new Dense(3, "softmax"));
    model.compile(c -> c.optimizer(new Adam(0.01)).loss("sparse_categorical_crossentropy")
        .metrics("accuracy").stepsPerExecution(stepsPerExecution));
    return model;
  }

  private record Trained(List<float[]> weights, Map<String, List<Double>> history, List<String> events) {}

  private Trained train(int stepsPerExecution, boolean shuffle, int epochs) {
    List<String> events = new ArrayList<>();
    try (Sequential model = model(stepsPerExecution)) {
      History history = model.fit(data.x(), data.y(), fit -> fit.epochs(epochs).batchSize(BATCH).shuffle(shuffle)
          .verbose(0).callbacks(recorder(events)));
      return new Trained(TestData.floats(model.getWeights()), history.history(), events);
    }
  }

  private static Callback recorder(List<String> events) {
    return new Callback() {
      @Override
      public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        events.add("begin " + batch);
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        events.add("end " + batch + " " + Math.round(logs.get("loss") * 1e5));
      }

      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        events.add("epoch " + epoch);
      }
    };
  }

  private static void assertSameWeights(Trained expected, Trained actual) {
    assertEquals(expected.weights().size(), actual.weights().size());
    for (int i = 0; i < expected.weights().size(); i++) {
      assertArrayEquals(expected.weights().get(i), actual.weights().get(i), 1e-5f, "weight " + i);
    }
  }

  private static void assertSameHistory(Trained expected, Trained actual) {
    assertEquals(expected.history().keySet(), actual.history().keySet());
    expected.history().forEach((name, values) -> {
      List<Double> other = actual.history().get(name);
      for (int e = 0; e < values.size(); e++) {
        assertEquals(values.get(e), other.get(e), 1e-5, name + " at epoch " + e);
      }
    });
  }

  private void assertTrainsAsOneBatchPerRun(int stepsPerExecution, boolean shuffle) {
    Trained one = train(1, shuffle, 2);
    Trained several = train(stepsPerExecution, shuffle, 2);
    assertSameWeights(one, several);
    assertSameHistory(one, several);
  }

  @Test
  void fourBatchesPerRunTrainAsOneBatchPerRun() {
    // 10 batches: runs of 4, 4 and a shorter last one of 2 that holds the ragged last batch.
    assertTrainsAsOneBatchPerRun(4, false);
    // 10 batches: two traced runs of 5, the second ending with the ragged batch.
    assertTrainsAsOneBatchPerRun(5, false);
  }

  @Test
  void aShuffledFitVisitsTheSameOrder() {
    assertTrainsAsOneBatchPerRun(4, true);
  }

  @Test
  void anEpochThatIsOneRunTrainsAsOneBatchPerRun() {
    // 10 batches in one run of 10 (and N larger than the epoch truncates to it).
    Trained one = train(1, false, 1);
    assertSameWeights(one, train(10, false, 1));
    assertSameWeights(one, train(32, false, 1));
  }

  @Test
  void callbacksSeeOneBatchCallPerRunWithKerasIndices() {
    Trained one = train(1, false, 1);
    Trained four = train(4, false, 1);
    // Keras: on_train_batch_begin(begin), on_train_batch_end(begin + N - 1), also for the last,
    // shorter run; ceil(10 / 4) = 3 calls per epoch.
    List<String> shape = four.events().stream().map(e -> e.startsWith("end") ? e.substring(0, e.lastIndexOf(' ')) : e)
        .toList();
    assertEquals(List.of("begin 0", "end 3", "begin 4", "end 7", "begin 8", "end 11", "epoch 0"), shape);
    // The logs of a run are those after its last batch: batch 3's, 7's and 9's of one batch per run.
    List<String> oneEnds = one.events().stream().filter(e -> e.startsWith("end")).toList();
    List<String> fourEnds = four.events().stream().filter(e -> e.startsWith("end")).toList();
    assertEquals(loss(oneEnds.get(3)), loss(fourEnds.get(0)), 2);
    assertEquals(loss(oneEnds.get(7)), loss(fourEnds.get(1)), 2);
    assertEquals(loss(oneEnds.get(9)), loss(fourEnds.get(2)), 2);
  }

  private static long loss(String event) {
    return Long.parseLong(event.substring(event.lastIndexOf(' ') + 1));
  }

  @Test
  void aStopTakesEffectAtTheEndOfTheRun() {
    List<Integer> ends = new ArrayList<>();
    Callback stopAtFirst = new Callback() {
      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        ends.add(batch);
        model().stopTraining(true);
      }
    };
    try (Sequential model = model(4)) {
      History history = model.fit(data.x(), data.y(), f -> f.epochs(3).batchSize(BATCH).shuffle(false).verbose(0)
          .callbacks(stopAtFirst));
      assertEquals(List.of(3), ends, "one run of 4 batches, then the stop");
      assertEquals(1, history.epoch().size());
      // The run trained its 4 batches: the same weights as one batch per run over the first 64 samples.
      try (Sequential reference = model(1)) {
        reference.fit(sliceOf(data.x(), 4 * BATCH), sliceOf(data.y(), 4 * BATCH), f -> f.epochs(1).batchSize(BATCH)
            .shuffle(false).verbose(0));
        assertSameWeights(new Trained(TestData.floats(reference.getWeights()), Map.of(), List.of()),
            new Trained(TestData.floats(model.getWeights()), Map.of(), List.of()));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends NdArray<?>> T sliceOf(T array, int rows) {
    return (T) array.slice(org.tensorflow.ndarray.index.Indices.range(0, rows));
  }

  /** Records evaluate's and predict's batch calls, with the rows of predict's outputs. */
  private static final class BatchRecorder extends Callback {
    final List<String> events = new ArrayList<>();

    @Override
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
      events.add("test begin " + batch);
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
      events.add("test end " + batch);
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
      events.add("predict begin " + batch);
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs, List<NdArray<?>> outputs) {
      events.add("predict end " + batch + " rows " + outputs.get(0).shape().get(0));
    }
  }

  @Test
  void evaluateAndPredictRunSeveralBatchesPerRun() {
    BatchRecorder recorder = new BatchRecorder();
    List<String> events = recorder.events;
    try (Sequential one = model(1); Sequential four = model(4)) {
      Map<String, Double> expected = one.evaluate(data.x(), data.y(), e -> e.batchSize(BATCH).verbose(0));
      Map<String, Double> actual = four.evaluate(data.x(), data.y(), e -> e.batchSize(BATCH).verbose(0)
          .callbacks(recorder));
      assertEquals(expected.keySet(), actual.keySet());
      expected.forEach((name, value) -> assertEquals(value, actual.get(name), 1e-6, name));
      FloatNdArray p1 = one.predict(data.x(), p -> p.batchSize(BATCH).verbose(0));
      FloatNdArray p4 = four.predict(data.x(), p -> p.batchSize(BATCH).verbose(0).callbacks(recorder));
      assertEquals(p1.shape(), p4.shape());
      float[] a = new float[(int) p1.size()];
      float[] b = new float[(int) p4.size()];
      p1.copyTo(DataBuffers.of(a, false, false));
      p4.copyTo(DataBuffers.of(b, false, false));
      assertArrayEquals(a, b, 1e-6f);
    }
    // As Keras 3.15.1 on 10 batches with steps_per_execution=4 (the oracle test checks the same):
    // the last run's end index is 11, and predict's callbacks get each run's outputs concatenated.
    assertEquals(List.of("test begin 0", "test end 3", "test begin 4", "test end 7", "test begin 8", "test end 11",
        "predict begin 0", "predict end 3 rows 64", "predict begin 4", "predict end 7 rows 64", "predict begin 8",
        "predict end 11 rows 22"), events);
  }

  @Test
  void validationRunsSeveralBatchesPerRunToo() {
    try (Sequential one = model(1); Sequential four = model(4)) {
      History h1 = one.fit(data.x(), data.y(), f -> f.epochs(2).batchSize(BATCH).shuffle(false).verbose(0)
          .validationSplit(0.3));
      History h4 = four.fit(data.x(), data.y(), f -> f.epochs(2).batchSize(BATCH).shuffle(false).verbose(0)
          .validationSplit(0.3));
      assertSameHistory(new Trained(List.of(), h1.history(), List.of()), new Trained(List.of(), h4.history(), List.of()));
    }
  }

  @Test
  void aNonPositiveNumberIsRefused() {
    for (int steps : new int[] {0, -1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CompileOptions.defaults().stepsPerExecution(steps));
      assertEquals("Argument `steps_per_execution` must be a positive integer (the number of batches run per "
          + "session run; 1 runs one batch at a time). Received: steps_per_execution=" + steps, e.getMessage());
    }
  }

  @Test
  void theCompileConfigKeepsIt(@TempDir Path dir) {
    assertEquals(1, CompileOptions.defaults().stepsPerExecution());
    CompileOptions options = CompileOptions.defaults().loss("mse").stepsPerExecution(4);
    assertEquals(4, options.toConfig().get("steps_per_execution"));
    assertEquals(4, CompileOptions.fromConfig(new dev.jkeras.saving.Config("compile_config", options.toConfig()))
        .stepsPerExecution());
    try (Sequential model = model(4)) {
      model.fit(data.x(), data.y(), f -> f.epochs(1).batchSize(BATCH).verbose(0));
      Path file = dir.resolve("spe.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        assertTrue(loaded.isCompiled());
        Map<String, Double> before = model.evaluate(data.x(), data.y(), e -> e.batchSize(BATCH).verbose(0));
        Map<String, Double> after = loaded.evaluate(data.x(), data.y(), e -> e.batchSize(BATCH).verbose(0));
        assertEquals(before.get("loss"), after.get("loss"), 1e-6);
        Map<?, ?> saved = (Map<?, ?>) loaded.serialize().get("compile_config");
        assertEquals(4, ((Number) saved.get("steps_per_execution")).intValue());
      }
    }
  }

  @Test
  void kerasReadsItFromOurFileAndCallsBackAsWeDo(@TempDir Path dir) {
    Path file = dir.resolve("spe.keras");
    BatchRecorder recorder = new BatchRecorder();
    double loss;
    try (Sequential model = model(4)) {
      model.fit(data.x(), data.y(), f -> f.epochs(1).batchSize(BATCH).verbose(0));
      model.save(file);
      loss = model.evaluate(data.x(), data.y(), e -> e.batchSize(BATCH).verbose(0).callbacks(recorder)).get("loss");
    }
    Map<String, String> keras = dev.jkeras.testing.KerasOracle.printedValues(String.join("\n",
        "import keras, numpy as np",
        "m = keras.saving.load_model(r'" + file + "')",
        "print('@@steps=' + str(m.steps_per_execution))",
        "print('@@keys=' + ','.join(m.get_compile_config().keys()))",
        "seen = []",
        "class R(keras.callbacks.Callback):",
        "    def on_test_batch_begin(self, b, logs=None): seen.append('test begin %d' % b)",
        "    def on_test_batch_end(self, b, logs=None): seen.append('test end %d' % b)",
        "x = np.zeros((" + SAMPLES + ", 8), 'float32'); y = np.zeros((" + SAMPLES + ",), 'int32')",
        "m.evaluate(x, y, batch_size=" + BATCH + ", verbose=0, callbacks=[R()])",
        "print('@@calls=' + ','.join(seen))"));
    assertEquals("4", keras.get("steps"));
    assertEquals("optimizer,loss,loss_weights,metrics,weighted_metrics,run_eagerly,steps_per_execution,jit_compile",
        keras.get("keys"));
    assertEquals(keras.get("calls"), String.join(",", recorder.events));
    assertTrue(loss > 0);
  }

  @Test
  void aCheckpointCountsTheBatchesOfEachRun(@TempDir Path dir) {
    // saveFreq 8 with 4 batches per run: as Keras counts (by batch index), 8 batches have been seen
    // after the second run of the first epoch, which saves; counting calls would not save at all.
    Path file = dir.resolve("every8.weights.h5");
    try (Sequential model = model(4)) {
      model.fit(data.x(), data.y(), f -> f.epochs(1).batchSize(BATCH).verbose(0)
          .callbacks(new dev.jkeras.callbacks.ModelCheckpoint(file.toString()).saveWeightsOnly(true).saveFreq(8)));
    }
    assertTrue(java.nio.file.Files.exists(file), "saved after batch 7");
  }
}
