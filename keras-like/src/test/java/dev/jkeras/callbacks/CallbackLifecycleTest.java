package dev.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.initializers.GlorotUniform;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/** Every hook of fit, evaluate and predict, in Keras 3's order with Keras's logs; stopping; errors. */
class CallbackLifecycleTest {
  @TempDir
  Path dir;

  private static final NdArray<?> X16 = Fixtures.X.slice(Indices.range(0, 16));
  private static final NdArray<?> Y16 = Fixtures.Y.slice(Indices.range(0, 16));

  private static Model model() {
    Model model = new Sequential(new InputLayer(3), new Dense(1).kernelInitializer(new GlorotUniform(3L)));
    model.compile(new SGD(0.01), "mse", "mae");
    return model;
  }

  /** Records each hook as "name index [log keys]"; keeps the last logs of each hook. */
  static final class Recorder extends Callback {
    final List<String> events = new ArrayList<>();
    final Map<String, Map<String, Double>> last = new java.util.HashMap<>();
    Throwable finallyError;

    private void add(String hook, Integer index, Map<String, Double> logs) {
      events.add(hook + (index == null ? "" : " " + index) + " " + logs.keySet());
      last.put(hook, Map.copyOf(logs));
    }

    @Override public void onTrainBegin(Map<String, Double> logs) { add("train_begin", null, logs); }
    @Override public void onTrainEnd(Map<String, Double> logs) { add("train_end", null, logs); }
    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { add("epoch_begin", epoch, logs); }
    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { add("epoch_end", epoch, logs); }
    @Override public void onTrainBatchBegin(int batch, Map<String, Double> logs) { add("train_batch_begin", batch, logs); }
    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) { add("train_batch_end", batch, logs); }
    @Override public void onTestBegin(Map<String, Double> logs) { add("test_begin", null, logs); }
    @Override public void onTestEnd(Map<String, Double> logs) { add("test_end", null, logs); }
    @Override public void onTestBatchBegin(int batch, Map<String, Double> logs) { add("test_batch_begin", batch, logs); }
    @Override public void onTestBatchEnd(int batch, Map<String, Double> logs) { add("test_batch_end", batch, logs); }
    @Override public void onPredictBegin(Map<String, Double> logs) { add("predict_begin", null, logs); }
    @Override public void onPredictEnd(Map<String, Double> logs) { add("predict_end", null, logs); }
    @Override public void onPredictBatchBegin(int batch, Map<String, Double> logs) { add("predict_batch_begin", batch, logs); }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs, List<NdArray<?>> outputs) {
      add("predict_batch_end", batch, logs);
      events.add("  outputs " + outputs.stream().map(o -> o.shape().toString()).toList());
    }

    @Override
    public void onFinally(Throwable error) {
      events.add("finally " + (error == null ? "normal" : error.getMessage()));
      finallyError = error;
    }
  }

  @Test
  void fitCallsEveryHookInKerasOrder() {
    var recorder = new Recorder();
    try (Model model = model()) {
      History history = model.fit(X16, Y16, f -> f.epochs(2).batchSize(8).verbose(0).shuffle(false)
          .validationData(X16.slice(Indices.range(0, 8)), Y16.slice(Indices.range(0, 8))).callbacks(recorder));
      List<String> epoch = List.of("train_batch_begin 0 []", "train_batch_end 0 [loss, mae]",
          "train_batch_begin 1 []", "train_batch_end 1 [loss, mae]",
          "test_begin []", "test_batch_begin 0 []", "test_batch_end 0 [loss, mae]", "test_end [loss, mae]");
      List<String> expected = new ArrayList<>(List.of("train_begin []", "epoch_begin 0 []"));
      expected.addAll(epoch);
      expected.addAll(List.of("epoch_end 0 [loss, mae, val_loss, val_mae]", "epoch_begin 1 []"));
      expected.addAll(epoch);
      expected.addAll(List.of("epoch_end 1 [loss, mae, val_loss, val_mae]",
          "train_end [loss, mae, val_loss, val_mae]", "finally normal"));
      assertEquals(expected, recorder.events);
      assertEquals(Map.of("epochs", 2, "steps", 2, "verbose", 0), recorder.params());
      // Validation logs become the val_ entries; train_end gets the last epoch's logs.
      assertEquals(recorder.last.get("test_end").get("loss"), recorder.last.get("epoch_end").get("val_loss"));
      assertEquals(recorder.last.get("epoch_end"), recorder.last.get("train_end"));
      assertEquals(history.history().get("loss").get(1), recorder.last.get("train_end").get("loss"));
      assertEquals(recorder.last.get("train_batch_end").get("loss"), recorder.last.get("epoch_end").get("loss"));
    }
  }

  @Test
  void evaluateCallsItsOwnCallbacks() {
    var recorder = new Recorder();
    try (Model model = model()) {
      Map<String, Double> scores = model.evaluate(X16, Y16, e -> e.batchSize(8).verbose(0).callbacks(recorder));
      assertEquals(List.of("test_begin []", "test_batch_begin 0 []", "test_batch_end 0 [loss, mae]",
          "test_batch_begin 1 []", "test_batch_end 1 [loss, mae]", "test_end [loss, mae]", "finally normal"),
          recorder.events);
      assertEquals(scores, recorder.last.get("test_end"));
      assertEquals(Map.of("steps", 2, "verbose", 0), recorder.params());
      assertSame(model, recorder.model());
    }
  }

  @Test
  void predictCallsItsOwnCallbacksWithTheBatchOutputs() {
    var recorder = new Recorder();
    try (Model model = model()) {
      model.predict(Fixtures.X.slice(Indices.range(0, 12)), p -> p.batchSize(8).verbose(0).callbacks(recorder));
      assertEquals(List.of("predict_begin []", "predict_batch_begin 0 []", "predict_batch_end 0 []",
          "  outputs [[8, 1]]", "predict_batch_begin 1 []", "predict_batch_end 1 []", "  outputs [[4, 1]]",
          "predict_end []", "finally normal"), recorder.events);
      assertEquals(Map.of("steps", 2, "verbose", 0), recorder.params());
    }
  }

  @Test
  void stopTrainingEndsTheEpochAfterTheCurrentBatch() {
    var recorder = new Recorder();
    var stopper = new LambdaCallback().onTrainBatchEnd((batch, logs) -> recorder.model().stopTraining(true));
    try (Model model = model()) {
      History history = model.fit(X16, Y16, f -> f.epochs(5).batchSize(4).verbose(0).callbacks(stopper, recorder));
      assertEquals(List.of(0), history.epoch());
      assertEquals(List.of("train_begin []", "epoch_begin 0 []", "train_batch_begin 0 []",
          "train_batch_end 0 [loss, mae]", "epoch_end 0 [loss, mae]", "train_end [loss, mae]", "finally normal"),
          recorder.events);
      // The next fit starts afresh.
      assertEquals(List.of(0), model.fit(X16, Y16, f -> f.epochs(2).verbose(0).callbacks(stopper)).epoch());
      assertEquals(List.of(0, 1), model.fit(X16, Y16, f -> f.epochs(2).verbose(0)).epoch());
    }
  }

  @Test
  void stopEvaluatingAndStopPredicting() {
    try (Model model = model()) {
      var stopEval = new LambdaCallback();
      stopEval.onTestBatchEnd((batch, logs) -> stopEval.model().stopEvaluating(true));
      Map<String, Double> firstBatch = model.evaluate(X16.slice(Indices.range(0, 4)), Y16.slice(Indices.range(0, 4)),
          e -> e.verbose(0));
      assertEquals(firstBatch, model.evaluate(X16, Y16, e -> e.batchSize(4).verbose(0).callbacks(stopEval)));

      var stopPredict = new LambdaCallback();
      stopPredict.onPredictBatchEnd((batch, logs) -> stopPredict.model().stopPredicting(true));
      NdArray<?> predicted = model.predict(X16, p -> p.batchSize(4).verbose(0).callbacks(stopPredict));
      assertEquals(Shape.of(4, 1), predicted.shape());
      assertEquals(model.predict(X16.slice(Indices.range(0, 4)), p -> p.verbose(0)), predicted);
    }
  }

  @Test
  void userCallbacksRunBeforeHistorySoTheirLogsAreRecorded() {
    var extra = new LambdaCallback().onEpochEnd((epoch, logs) -> logs.put("extra", epoch * 10.0));
    try (Model model = model()) {
      History history = model.fit(X16, Y16, f -> f.epochs(3).verbose(0).callbacks(extra));
      assertEquals(List.of(0.0, 10.0, 20.0), history.history().get("extra"));
    }
  }

  @Test
  void lambdaCallbackForOneLiners() {
    List<Double> losses = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    var callback = new LambdaCallback()
        .onTrainBegin(logs -> calls.add("begin"))
        .onEpochBegin((epoch, logs) -> calls.add("epoch " + epoch))
        .onEpochEnd((epoch, logs) -> losses.add(logs.get("loss")))
        .onTrainBatchEnd((batch, logs) -> calls.add("batch " + batch))
        .onTrainEnd(logs -> calls.add("end"))
        .onFinally(error -> calls.add("finally " + error));
    try (Model model = model()) {
      History history = model.fit(X16, Y16, f -> f.epochs(2).batchSize(16).verbose(0).callbacks(callback));
      assertEquals(history.history().get("loss"), losses);
      assertEquals(List.of("begin", "epoch 0", "batch 0", "epoch 1", "batch 0", "end", "finally null"), calls);
    }
  }

  @Test
  void aThrowingCallbackStopsFitWithItsExceptionAndFilesAreClosed() throws Exception {
    var boom = new IllegalStateException("boom");
    var thrower = new LambdaCallback().onEpochEnd((epoch, logs) -> {
      if (epoch == 1) {
        throw boom;
      }
    });
    var recorder = new Recorder();
    Path csv = dir.resolve("log.csv");
    var logger = new CSVLogger(csv.toString());
    try (Model model = model()) {
      var thrown = assertThrows(IllegalStateException.class, () -> model.fit(X16, Y16,
          f -> f.epochs(5).verbose(0).callbacks(thrower, logger, recorder)));
      assertSame(boom, thrown);
      assertSame(boom, recorder.finallyError);
      assertFalse(recorder.events.stream().anyMatch(e -> e.startsWith("train_end")), "no onTrainEnd after a failure");
      assertFalse(recorder.events.stream().anyMatch(e -> e.startsWith("epoch_end 1")), "the callbacks after it");
      assertFalse(logger.isOpen());
      assertEquals(2, Files.readAllLines(csv).size(), "header and epoch 0");
      // The same callbacks work for another fit.
      History history = model.fit(X16, Y16, f -> f.epochs(1).verbose(0).callbacks(logger, recorder));
      assertEquals(List.of(0), history.epoch());
      assertFalse(logger.isOpen());
    }
  }

  @Test
  void aFailingCleanupIsSuppressedUnderTheFailure() {
    var boom = new IllegalStateException("boom");
    var cleanupFailure = new IllegalArgumentException("cleanup");
    var thrower = new LambdaCallback().onTrainBegin(logs -> {
      throw boom;
    }).onFinally(error -> {
      throw cleanupFailure;
    });
    var recorder = new Recorder();
    try (Model model = model()) {
      var thrown = assertThrows(IllegalStateException.class,
          () -> model.fit(X16, Y16, f -> f.epochs(1).verbose(0).callbacks(thrower, recorder)));
      assertSame(boom, thrown);
      assertEquals(List.of(cleanupFailure), List.of(thrown.getSuppressed()));
      assertTrue(recorder.events.contains("finally boom"), "every callback is cleaned up: " + recorder.events);
    }
  }

  @Test
  void aHistoryAmongTheCallbacksIsTheOneFitReturns() {
    var history = new History();
    try (Model model = model()) {
      assertSame(history, model.fit(X16, Y16, f -> f.epochs(2).verbose(0).callbacks(history)));
      assertEquals(List.of(0, 1), history.epoch());
    }
  }
}
