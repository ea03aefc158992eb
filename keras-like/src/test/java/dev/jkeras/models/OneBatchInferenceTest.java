package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.layers.BatchNormalization;
import dev.jkeras.layers.Concatenate;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.losses.MeanAbsoluteError;
import dev.jkeras.metrics.Metric;
import dev.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.index.Indices;

/**
 * predict, predictOnBatch, call, evaluate and testOnBatch on data that fits one batch run in one
 * session run of a step fed the arrays whole; these tests hold them to what the batch loop computes
 * on the same data in several batches, and to Keras's callbacks for a one-batch predict or evaluate.
 */
class OneBatchInferenceTest {
  private static final float TOLERANCE = 1e-5f;
  private final TestData.Blobs data = TestData.blobs(20, 6, 3, 11);

  private static Sequential mlp() {
    Sequential model = new Sequential(new Dense(12, "relu").inputShape(6), new Dense(3, "softmax"));
    model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
    return model;
  }

  /** Asserts that two float arrays of one shape hold the same values within {@link #TOLERANCE}. */
  private static void assertClose(NdArray<?> expected, NdArray<?> actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    FloatNdArray e = (FloatNdArray) expected;
    FloatNdArray a = (FloatNdArray) actual;
    e.scalars().forEachIndexed((index, value) -> assertEquals(value.getFloat(), a.getFloat(index), TOLERANCE,
        what + " at " + java.util.Arrays.toString(index)));
  }

  private static void assertLogsClose(Map<String, Double> expected, Map<String, Double> actual) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
    expected.forEach((name, value) -> assertEquals(value, actual.get(name), 1e-5, name));
  }

  @Test
  void predictOfDataThatFitsOneBatchEqualsPredictInSeveralBatches() {
    try (Sequential model = mlp()) {
      FloatNdArray inBatches = model.predict(data.x(), p -> p.batchSize(7).verbose(0));
      for (int batchSize : new int[] {20, 21, 64}) {
        assertClose(inBatches, model.predict(data.x(), p -> p.batchSize(batchSize).verbose(0)),
            "batch size " + batchSize);
      }
      assertClose(inBatches, model.predict(data.x(), p -> p.batchSize(19).verbose(0)), "batch size 19 (two batches)");
      FloatNdArray whole = model.predict(data.x(), p -> p.batchSize(64).verbose(0));
      assertEquals(whole, model.predictOnBatch(data.x()));
      assertEquals(whole, model.call(data.x()));
      FloatNdArray one = model.predict(data.x().slice(Indices.range(5, 6)), p -> p.verbose(0));
      assertEquals(Shape.of(1, 3), one.shape());
      assertClose(inBatches.slice(Indices.range(5, 6)), one, "sample 5 alone");
    }
  }

  @Test
  void callInTrainingModeUsesTheBatchStatisticsAsTheBatchLoopDoes() {
    try (Sequential model = new Sequential(new Dense(4).inputShape(6), new BatchNormalization())) {
      FloatNdArray halves = model.predict(data.x(), p -> p.batchSize(10).training(true).verbose(0));
      FloatNdArray first = model.call(data.x().slice(Indices.range(0, 10)), true);
      FloatNdArray second = model.call(data.x().slice(Indices.range(10, 20)), true);
      assertClose(halves.slice(Indices.range(0, 10)), first, "first half");
      assertClose(halves.slice(Indices.range(10, 20)), second, "second half");
      FloatNdArray inference = model.call(data.x().slice(Indices.range(0, 10)));
      assertNotEquals(first, inference, "training=true normalizes by the batch, inference by the moving statistics");
      assertClose(model.predict(data.x(), p -> p.batchSize(3).verbose(0)).slice(Indices.range(0, 10)), inference,
          "inference mode");
    }
  }

  /** Two inputs (one of int tokens with a padding mask), two outputs. */
  private static Model twoInTwoOut() {
    KerasTensor tokens = Input.of(DType.INT32, 5).name("tokens");
    KerasTensor features = Input.of(3).name("features");
    KerasTensor sequence = new LSTM(4).apply(new Embedding(10, 4).maskZero(true).apply(tokens));
    KerasTensor joined = new Concatenate().apply(sequence, features);
    KerasTensor main = new Dense(1).name("main").apply(joined);
    KerasTensor aux = new Dense(2).name("aux").apply(sequence);
    return new Model(List.of(tokens, features), List.of(main, aux));
  }

  private static IntNdArray paddedTokens(int samples) {
    int[][] tokens = new int[samples][5];
    for (int i = 0; i < samples; i++) {
      int length = 1 + i % 5;
      for (int t = 0; t < length; t++) {
        tokens[i][5 - length + t] = 1 + (i * 3 + t) % 9;
      }
    }
    return StdArrays.ndCopyOf(tokens);
  }

  @Test
  void aModelOfSeveralInputsAndOutputsWithMasksPredictsAsInBatches() {
    try (Model model = twoInTwoOut()) {
      List<NdArray<?>> x = List.of(paddedTokens(9), DictFormsTest.arange(9, 3, 0.1f, -0.4f));
      List<FloatNdArray> inBatches = model.predict(x, p -> p.batchSize(4).verbose(0));
      List<FloatNdArray> whole = model.predict(x, p -> p.batchSize(32).verbose(0));
      assertEquals(2, whole.size());
      assertClose(inBatches.get(0), whole.get(0), "main");
      assertClose(inBatches.get(1), whole.get(1), "aux");
      Map<String, FloatNdArray> byName = model.predict(Map.of("tokens", x.get(0), "features", x.get(1)),
          p -> p.batchSize(32).verbose(0));
      assertEquals(whole.get(0), byName.get("main"));
      assertEquals(whole.get(1), byName.get("aux"));
      IntNdArray unpadded = paddedTokens(9);
      unpadded.setInt(7, 0, 0);
      assertNotEquals(whole.get(0), model.predict(List.of(unpadded, x.get(1)), p -> p.batchSize(32).verbose(0)).get(0),
          "a token where sample 0 had padding changes its output, so the mask is what hid the padding");
    }
  }

  private static FloatNdArray weights(int samples) {
    FloatNdArray w = NdArrays.ofFloats(Shape.of(samples));
    for (int i = 0; i < samples; i++) {
      w.setFloat(0.25f + (i % 4) * 0.5f, i);
    }
    return w;
  }

  @Test
  void evaluateOfDataThatFitsOneBatchEqualsEvaluateInSeveralBatchesWithSampleWeights() {
    try (Sequential model = mlp()) {
      model.compile(c -> c.optimizer(new SGD()).loss("sparse_categorical_crossentropy").metrics("accuracy")
          .weightedMetrics("accuracy"));
      FloatNdArray w = weights(20);
      Map<String, Double> inBatches = model.evaluate(data.x(), data.y(), e -> e.batchSize(6).verbose(0).sampleWeight(w));
      Map<String, Double> whole = model.evaluate(data.x(), data.y(), e -> e.batchSize(32).verbose(0).sampleWeight(w));
      assertLogsClose(inBatches, whole);
      assertEquals(whole, model.evaluate(data.x(), data.y(), e -> e.batchSize(32).verbose(0).sampleWeight(w)),
          "the metrics are reset before the batch, so a second evaluate gives the same");
      Map<String, Double> unweighted = model.evaluate(data.x(), data.y(), e -> e.batchSize(32).verbose(0));
      assertNotEquals(whole.get("loss"), unweighted.get("loss"), "the sample weights count");
      assertLogsClose(model.evaluate(data.x(), data.y(), e -> e.batchSize(5).verbose(0)), unweighted);
    }
  }

  @Test
  void evaluateOfSeveralOutputsWithLossWeightsEqualsEvaluateInBatches() {
    KerasTensor wide = Input.of(3).name("wide");
    KerasTensor deep = Input.of(2).name("deep");
    KerasTensor hidden = new Dense(4, "relu").apply(deep);
    KerasTensor main = new Dense(1).name("main").apply(new Concatenate().apply(wide, hidden));
    KerasTensor aux = new Dense(1).name("aux").apply(hidden);
    try (Model model = new Model(List.of(wide, deep), List.of(main, aux))) {
      model.compile(c -> c.optimizer(new SGD()).lossByOutput(Map.of("main", "mse", "aux", new MeanAbsoluteError()))
          .lossWeights(Map.of("main", 0.9, "aux", 0.1)).metricsByOutput(Map.of("main", List.of("mae"))));
      List<NdArray<?>> x = List.of(DictFormsTest.arange(8, 3, 0.1f, 0f), DictFormsTest.arange(8, 2, 1 / 7f, -0.3f));
      List<NdArray<?>> y = List.of(DictFormsTest.arange(8, 1, 0.5f, 0f), DictFormsTest.arange(8, 1, -0.25f, 1f));
      Map<String, Double> whole = model.evaluate(x, y, e -> e.batchSize(8).verbose(0));
      assertLogsClose(model.evaluate(x, y, e -> e.batchSize(3).verbose(0)), whole);
      assertEquals(List.of("loss", "main_loss", "aux_loss", "main_mae"), List.copyOf(whole.keySet()));
    }
  }

  @Test
  void evaluateWithSeveralStepsPerExecutionOnOneBatchEqualsOneStepPerExecution() {
    try (Sequential model = mlp()) {
      Map<String, Double> one = model.evaluate(data.x(), data.y(), e -> e.batchSize(32).verbose(0));
      model.compile(c -> c.optimizer(new SGD()).loss("sparse_categorical_crossentropy").metrics("accuracy")
          .stepsPerExecution(4));
      assertLogsClose(one, model.evaluate(data.x(), data.y(), e -> e.batchSize(32).verbose(0)));
      assertLogsClose(one, model.evaluate(data.x(), data.y(), e -> e.batchSize(3).verbose(0)));
    }
  }

  @Test
  void testOnBatchResetsTheMetricsAndEqualsAOneBatchEvaluate() {
    try (Sequential model = mlp()) {
      Map<String, Double> evaluated = model.evaluate(data.x(), data.y(), e -> e.batchSize(32).verbose(0));
      FloatNdArray head = data.x().slice(Indices.range(0, 5));
      IntNdArray headLabels = data.y().slice(Indices.range(0, 5));
      Map<String, Double> first = model.testOnBatchLogs(head, headLabels);
      assertEquals(first, model.testOnBatchLogs(head, headLabels), "reset before each batch");
      assertEquals(evaluated, model.testOnBatchLogs(data.x(), data.y()));
      assertLogsClose(model.evaluate(head, headLabels, e -> e.batchSize(2).verbose(0)), first);
    }
  }

  /** Records the predict and test hooks it is called with, and what the model's metrics hold at each batch's start. */
  private static final class Recorder extends Callback {
    final List<String> events = new ArrayList<>();
    List<NdArray<?>> outputs;
    Double lossAtBatchBegin;

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
      events.add("predictBegin");
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
      events.add("predictBatchBegin " + batch);
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs, List<NdArray<?>> outputs) {
      events.add("predictBatchEnd " + batch);
      this.outputs = outputs;
      ((FloatNdArray) outputs.get(0)).setFloat(-1f, 0, 0);
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
      events.add("predictEnd");
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
      events.add("testBegin");
    }

    @Override
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
      events.add("testBatchBegin " + batch);
      Metric loss = model().metrics().get(0);
      lossAtBatchBegin = loss.resultValue();
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
      events.add("testBatchEnd " + batch + " " + logs);
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
      events.add("testEnd " + logs);
    }
  }

  @Test
  void aOneBatchPredictCallsThePredictCallbacksAsKerasDoesAndReturnsItsOwnArrays() {
    try (Sequential model = mlp()) {
      FloatNdArray expected = model.predict(data.x(), p -> p.batchSize(64).verbose(0));
      Recorder recorder = new Recorder();
      FloatNdArray predicted = model.predict(data.x(), p -> p.batchSize(64).verbose(0).callbacks(recorder));
      assertEquals(List.of("predictBegin", "predictBatchBegin 0", "predictBatchEnd 0", "predictEnd"), recorder.events);
      assertEquals(expected, predicted, "the callback's change to the batch outputs is not in what predict returns");
      assertNotSame(recorder.outputs.get(0), predicted);
      assertEquals(-1f, ((FloatNdArray) recorder.outputs.get(0)).getFloat(0, 0));
    }
  }

  @Test
  void aOneBatchEvaluateCallsTheTestCallbacksAsKerasDoesAfterResettingTheMetrics() {
    try (Sequential model = mlp()) {
      Recorder recorder = new Recorder();
      Map<String, Double> plain = model.evaluate(data.x(), data.y(), e -> e.batchSize(64).verbose(0));
      model.evaluate(data.x().slice(Indices.range(0, 4)), data.y().slice(Indices.range(0, 4)),
          e -> e.batchSize(64).verbose(0));
      Map<String, Double> logs = model.evaluate(data.x(), data.y(), e -> e.batchSize(64).verbose(0).callbacks(recorder));
      assertEquals(plain, logs);
      assertEquals(List.of("testBegin", "testBatchBegin 0", "testBatchEnd 0 " + logs, "testEnd " + logs),
          recorder.events);
      assertEquals(0.0, recorder.lossAtBatchBegin, "the loss tracker was reset before the batch");
    }
  }

  @Test
  void aStopRequestedByAPredictCallbackStillReturnsTheOneBatch() {
    try (Sequential model = mlp()) {
      Callback stop = new Callback() {
        @Override
        public void onPredictBatchEnd(int batch, Map<String, Double> logs, List<NdArray<?>> outputs) {
          model().stopPredicting(true);
        }
      };
      FloatNdArray predicted = model.predict(data.x(), p -> p.batchSize(64).verbose(0).callbacks(stop));
      assertTrue(model.stopPredicting());
      assertEquals(model.predict(data.x(), p -> p.batchSize(64).verbose(0)), predicted);
    }
  }

  @Test
  void aOneBatchPredictOfALongSequenceRunsOnACallerWithASmallStack() throws Exception {
    // The one-batch steps run their ops on the calling thread: TensorFlow's while loop of a long
    // recurrence must not grow that thread's stack with each time step.
    int steps = 4000;
    try (Sequential model = new Sequential(new LSTM(3).inputShape(steps, 2), new Dense(1))) {
      FloatNdArray x = NdArrays.ofFloats(Shape.of(2, steps, 2));
      x.scalars().forEachIndexed((index, value) -> value.setFloat((float) Math.sin(index[1] * 0.01 + index[0])));
      FloatNdArray expected = model.predict(x, p -> p.batchSize(1).verbose(0));
      FloatNdArray[] result = new FloatNdArray[1];
      Throwable[] failure = new Throwable[1];
      Thread caller = new Thread(null, () -> {
        try {
          result[0] = model.predict(x, p -> p.batchSize(2).verbose(0));
        } catch (Throwable e) {
          failure[0] = e;
        }
      }, "small-stack caller", 256 * 1024);
      caller.start();
      caller.join();
      assertNull(failure[0]);
      assertClose(expected, result[0], "the long sequence");
    }
  }
}
