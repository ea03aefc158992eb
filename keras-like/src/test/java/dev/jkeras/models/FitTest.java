package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class FitTest {
  private final TestData.Blobs data = TestData.blobs(600, 8, 3, 42);

  private static Sequential classifier() {
    return new Sequential(new Dense(16, "relu").inputShape(8), new Dropout(0.1), new Dense(3, "softmax"));
  }

  @Test
  void fitLearnsAndRecordsHistory() {
    try (Sequential model = classifier()) {
      model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
      History history = model.fit(data.x(), data.y(), fit -> fit.epochs(5).batchSize(32).validationSplit(0.2).verbose(0));

      assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(history.history().keySet()));
      assertEquals(List.of(0, 1, 2, 3, 4), history.epoch());
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(4) < loss.get(0), "loss should fall: " + loss);
      assertTrue(history.history().get("val_accuracy").get(4) > 0.9, history.toString());

      Map<String, Double> scores = model.evaluate(data.x(), data.y(), e -> e.verbose(0));
      assertEquals(List.of("loss", "accuracy"), List.copyOf(scores.keySet()));
      assertTrue(scores.get("accuracy") > 0.9, scores.toString());

      FloatNdArray p = model.predict(data.x(), o -> o.verbose(0));
      assertEquals(Shape.of(600, 3), p.shape());
      assertEquals(1.0, p.getFloat(0, 0) + p.getFloat(0, 1) + p.getFloat(0, 2), 1e-5);
    }
  }

  @Test
  void callbacksSeeTheKerasLifecycle() {
    List<String> events = new ArrayList<>();
    Callback recorder = new Callback() {
      @Override
      public void onTrainBegin(Map<String, Double> logs) {
        events.add("train_begin");
      }

      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        events.add("epoch_end " + epoch + " " + logs.keySet());
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (batch == 0) {
          events.add("batch_end " + logs.keySet());
        }
      }

      @Override
      public void onTrainEnd(Map<String, Double> logs) {
        events.add("train_end");
      }
    };
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      model.fit(data.x(), data.y(), fit -> fit.epochs(2).verbose(0).callbacks(recorder)
          .validationData(data.x(), data.y()));
    }
    assertEquals(List.of("train_begin", "batch_end [loss, accuracy]",
        "epoch_end 0 [loss, accuracy, val_loss, val_accuracy]", "batch_end [loss, accuracy]",
        "epoch_end 1 [loss, accuracy, val_loss, val_accuracy]", "train_end"), events);
  }

  @Test
  void stopTrainingEndsFitEarly() {
    Callback stopper = new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        model().stopTraining(true);
      }
    };
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      History history = model.fit(data.x(), data.y(), fit -> fit.epochs(10).verbose(0).callbacks(stopper));
      assertEquals(List.of(0), history.epoch());
    }
  }

  @Test
  void validationSplitTakesTheLastSamplesBeforeShuffling() {
    try (Sequential model = classifier()) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      History history = model.fit(data.x(), data.y(), fit -> fit.epochs(1).verbose(0).validationSplit(0.25));
      var tail = org.tensorflow.ndarray.index.Indices.range(450, 600);
      Map<String, Double> onTail = model.evaluate(data.x().slice(tail), data.y().slice(tail), e -> e.verbose(0));
      assertEquals(onTail.get("loss"), history.history().get("val_loss").get(0), 1e-5);
      assertEquals(onTail.get("accuracy"), history.history().get("val_accuracy").get(0), 1e-9);
    }
  }

  @Test
  void validationDataMayHaveOtherDtypesThanTrainingData() {
    org.tensorflow.ndarray.LongNdArray longLabels = NdArrays.ofLongs(Shape.of(600));
    for (long i = 0; i < 600; i++) {
      longLabels.setLong(data.y().getInt(i), i);
    }
    try (Sequential model = classifier()) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      History history = model.fit(data.x(), data.y(), fit -> fit.epochs(2).verbose(0)
          .validationData(data.x(), longLabels));
      Map<String, Double> scores = model.evaluate(data.x(), data.y(), e -> e.verbose(0));
      assertEquals(scores.get("accuracy"), history.history().get("val_accuracy").get(1), 1e-6);
    }
  }

  @Test
  void theOptimizerOutlivesItsModel() {
    var optimizer = new Adam(0.005);
    try (Sequential model = classifier()) {
      model.compile(optimizer, "sparse_categorical_crossentropy");
      model.fit(data.x(), data.y(), fit -> fit.epochs(1).batchSize(100).verbose(0));
    }
    assertEquals(6, optimizer.iterations());
    assertEquals(0.005, optimizer.learningRate(), 1e-9);
  }

  @Test
  void initialEpochResumesCounting() {
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      History history = model.fit(data.x(), data.y(), fit -> fit.epochs(4).initialEpoch(2).verbose(0));
      assertEquals(List.of(2, 3), history.epoch());
    }
  }

  /** What a classifier's fit with {@code options} prints on standard output. */
  private String printedByFit(java.util.function.UnaryOperator<FitOptions> options) {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(buffer, true));
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      model.fit(data.x(), data.y(), options);
    } finally {
      System.setOut(original);
    }
    return buffer.toString();
  }

  @Test
  void progressBarPrintsKerasLines() {
    String out = printedByFit(fit -> fit.epochs(2).batchSize(100).validationSplit(0.5));
    assertTrue(out.contains("Epoch 1/2"), out);
    assertTrue(out.contains("Epoch 2/2"), out);
    // Keras's formats: a value as 0.1234 (zero as 0.0000e+00), a step time in s, ms or us.
    String value = "(\\d\\.\\d{4}|\\d\\.\\d{4}e[+-]\\d{2})";
    assertTrue(out.matches("(?s).*3/3 \u2501{20} \\d+s \\d+[mu]?s/step - accuracy: " + value + " - loss: " + value
        + " - val_accuracy: " + value + " - val_loss: " + value + "\n.*"), out);
  }

  @Test
  void tfKeras2ProgressBarIsAnOption() {
    String out = printedByFit(fit -> fit.epochs(1).batchSize(100)
        .callbacks(new dev.jkeras.callbacks.ProgbarLogger(dev.jkeras.utils.ProgbarStyle.TF_KERAS_2)));
    assertTrue(out.startsWith("Epoch 1/1\n"), out);
    assertTrue(out.matches("(?s).*6/6 \\[=+\\] - .*loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}\n.*"), out);
  }

  // ---------------------------------------------------------------- errors

  @Test
  void mismatchedLengthsFail() {
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      IntNdArray shortY = NdArrays.ofInts(Shape.of(599));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(data.x(), shortY, fit -> fit.verbose(0)));
      assertTrue(e.getMessage().contains("600") && e.getMessage().contains("599"), e.getMessage());
    }
  }

  @Test
  void emptyDataFails() {
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(
          NdArrays.ofFloats(Shape.of(0, 8)), NdArrays.ofInts(Shape.of(0)), fit -> fit.verbose(0)));
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
  }

  @Test
  void inputOfTheWrongShapeNamesTheLayer() {
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      FloatNdArray wide = NdArrays.ofFloats(Shape.of(10, 5));
      IntNdArray y = NdArrays.ofInts(Shape.of(10));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(wide, y, fit -> fit.verbose(0)));
      String first = model.layers().get(0).name();
      assertTrue(e.getMessage().contains("\"" + first + "\""), e.getMessage());
      assertTrue(e.getMessage().contains("expected shape=(None, 8)"), e.getMessage());
      assertTrue(e.getMessage().contains("found shape=(None, 5)"), e.getMessage());
    }
  }

  @Test
  void labelsOutOfRangeFail() {
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      IntNdArray y = NdArrays.ofInts(Shape.of(600));
      y.setInt(3, 17);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.fit(data.x(), y, fit -> fit.verbose(0)));
      assertTrue(e.getMessage().contains("3") && e.getMessage().contains("[0, 3)"), e.getMessage());
    }
  }

  @Test
  void invalidOptionsFail() {
    try (Sequential model = classifier()) {
      model.compile("sgd", "sparse_categorical_crossentropy");
      assertThrows(IllegalArgumentException.class, () -> model.fit(data.x(), data.y(), fit -> fit.batchSize(0)));
      assertThrows(IllegalArgumentException.class, () -> model.fit(data.x(), data.y(), fit -> fit.epochs(-1)));
      assertThrows(IllegalArgumentException.class, () -> model.fit(data.x(), data.y(), fit -> fit.validationSplit(1.0)));
      assertThrows(IllegalArgumentException.class, () -> model.fit(data.x(), data.y(), fit -> fit.validationSplit(-0.1)));
    }
  }

  @Test
  void unknownIdentifiersListTheValidNames() {
    try (Sequential model = classifier()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.compile("sgdd", "mse"));
      assertTrue(e.getMessage().contains("rmsprop"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> model.compile("sgd", "msee"));
      assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> model.compile("sgd", "mse", "accuracyy"));
      assertTrue(e.getMessage().contains("accuracy"), e.getMessage());
    }
  }

  @Test
  void fitBeforeCompileFails() {
    try (Sequential model = classifier()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> model.fit(data.x(), data.y(), fit -> fit.verbose(0)));
      assertTrue(e.getMessage().contains("compile"), e.getMessage());
    }
  }
}
