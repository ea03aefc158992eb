package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.GRU;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.layers.SimpleRNN;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.saving.KerasArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Recurrent layers in models: shapes, parameter counts, errors, training, saving. */
class RecurrentModelsTest {
  @TempDir
  Path dir;

  @Test
  void parameterCountsAndSummaryShapesAreKeras() {
    KerasTensor input = Input.of(7, 10);
    KerasTensor lstm = new LSTM(32).returnSequences(true).apply(input);
    KerasTensor gru = new GRU(32).apply(lstm);
    KerasTensor rnn = new SimpleRNN(8).apply(Input.of(7, 10));
    try (Model model = new Model(input, gru)) {
      assertEquals(5504, model.layers().get(1).countParams());       // 4 * (32 * (10 + 32) + 32)
      assertEquals(3 * (32 * (32 + 32) + 2 * 32), model.layers().get(2).countParams());
      assertEquals(Shape.of(Shape.UNKNOWN, 7, 32), lstm.shape());
      assertEquals(Shape.of(Shape.UNKNOWN, 32), gru.shape());
      List<String> lines = new ArrayList<>();
      model.summary(lines::add);
      String text = String.join("\n", lines);
      assertTrue(text.contains("(None, 7, 32)"), text);
      assertTrue(text.contains("5,504"), text);
      assertTrue(text.contains("lstm"), text);
    }
    assertEquals(Shape.of(Shape.UNKNOWN, 8), rnn.shape());
    try (Model model = new Sequential(new GRU(32).resetAfter(false).inputShape(5, 10))) {
      model.build(5, 10);
      assertEquals(3 * (32 * (10 + 32) + 32), model.countParams());
    }
  }

  @Test
  void returnStateGivesOutputAndStates() {
    KerasTensor input = Input.of(4, 3);
    List<KerasTensor> lstm = new LSTM(5).returnState(true).applyAll(List.of(input), false);
    assertEquals(3, lstm.size());
    lstm.forEach(t -> assertEquals(Shape.of(Shape.UNKNOWN, 5), t.shape()));
    List<KerasTensor> gru = new GRU(6).returnSequences(true).returnState(true).applyAll(List.of(input), false);
    assertEquals(List.of(Shape.of(Shape.UNKNOWN, 4, 6), Shape.of(Shape.UNKNOWN, 6)),
        gru.stream().map(KerasTensor::shape).toList());
    try (Model model = new Model(List.of(input), lstm)) {
      List<FloatNdArray> out = model.predict(List.of(randomSequences(2, 4, 3, 1)));
      assertEquals(3, out.size());
      // Without return_sequences the output is the last h.
      assertArrayEquals(values(out.get(0)), values(out.get(1)));
    }
  }

  @Test
  void initialStateIsUsed() {
    KerasTensor seq = Input.of(3, 2);
    KerasTensor h0 = Input.of(4);
    LSTM layer = new LSTM(4);
    KerasTensor c0 = Input.of(4);
    KerasTensor out = layer.apply(List.of(seq, h0, c0));
    try (Model model = new Model(List.of(seq, h0, c0), List.of(out))) {
      FloatNdArray x = randomSequences(2, 3, 2, 3);
      FloatNdArray zeros = NdArrays.ofFloats(Shape.of(2, 4).toNdArrayShape());
      FloatNdArray ones = NdArrays.ofFloats(Shape.of(2, 4).toNdArrayShape());
      ones.scalars().forEach(s -> s.setFloat(1f));
      float[] fromZeros = values(model.predict(List.of(x, zeros, zeros)).get(0));
      float[] fromOnes = values(model.predict(List.of(x, ones, ones)).get(0));
      assertFalse(java.util.Arrays.equals(fromZeros, fromOnes));
    }
    KerasTensor seq2 = Input.of(3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LSTM(4).apply(List.of(seq2, Input.of(4))));
    assertTrue(e.getMessage().contains("2 state(s)"), e.getMessage());
  }

  @Test
  void wrongInputRankIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LSTM(4).name("my_lstm").apply(Input.of(10)));
    assertTrue(e.getMessage().contains("\"my_lstm\" (LSTM)"), e.getMessage());
    assertTrue(e.getMessage().contains("(batch, timesteps, features)"), e.getMessage());
    assertTrue(e.getMessage().contains("(None, 10)"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> new GRU(4).apply(Input.of(2, 3, 4)));
    assertTrue(e.getMessage().contains("(None, 2, 3, 4)"), e.getMessage());

    assertEquals("(None, 4)", new SimpleRNN(4).apply(Input.of(-1, 3)).shape().toString(),
        "an unknown number of time steps runs as a while loop");
    e = assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(4).apply(Input.of(3, -1)));
    assertTrue(e.getMessage().contains("known number of features"), e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
    assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(3).recurrentActivation("relu"));
  }

  /** Does the sequence sum above zero? A task a recurrent layer learns in a few epochs. */
  @Test
  void aSmallSequenceTaskTrains() {
    for (String kind : List.of("simple_rnn", "lstm", "gru")) {
      int n = 256;
      FloatNdArray x = randomSequences(n, 6, 1, 42);
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        float sum = 0;
        for (int t = 0; t < 6; t++) {
          sum += x.getFloat(i, t, 0);
        }
        y[i] = sum > 0 ? 1 : 0;
      }
      var layer = switch (kind) {
        case "simple_rnn" -> new SimpleRNN(8);
        case "lstm" -> new LSTM(8);
        default -> new GRU(8);
      };
      try (Model model = new Sequential(layer.inputShape(6, 1), new Dense(1, "sigmoid"))) {
        model.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
        var history = model.fit(x, NdArrays.vectorOf(y), f -> f.epochs(15).batchSize(32).verbose(0));
        List<Double> loss = history.history().get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), kind + " loss " + loss);
        assertTrue(history.history().get("accuracy").get(loss.size() - 1) > 0.85, kind + " " + history.history());
      }
    }
  }

  @Test
  void dropoutActsOnlyWhileTraining() {
    FloatNdArray x = randomSequences(4, 5, 3, 9);
    try (Model model = new Sequential(new LSTM(6).dropout(0.5).recurrentDropout(0.5).inputShape(5, 3))) {
      float[] a = values(model.predict(x));
      float[] b = values(model.predict(x));
      assertArrayEquals(a, b);
      float[] t = values(model.predict(x, p -> p.training(true)));
      assertFalse(java.util.Arrays.equals(a, t));
    }
  }

  @Test
  void saveLoadRoundTripKeepsKerasLayout() throws Exception {
    FloatNdArray x = randomSequences(16, 5, 3, 4);
    FloatNdArray y = randomSequences(16, 1, 1, 5);
    KerasTensor input = Input.of(5, 3);
    KerasTensor h = new LSTM(6).returnSequences(true).dropout(0.1).apply(input);
    h = new GRU(5).goBackwards(true).returnSequences(true).apply(h);
    h = new SimpleRNN(4).activation("relu").apply(h);
    KerasTensor out = new Dense(1).apply(h);
    try (Model model = new Model(input, out)) {
      model.compile(new Adam(0.01), "mse");
      model.fit(x, reshape(y), f -> f.epochs(2).batchSize(8).verbose(0));
      Path file = dir.resolve("rnn.keras");
      model.save(file);

      var contents = KerasArchive.read(file);
      assertTrue(contents.weights().containsKey("layers/lstm/cell"), contents.weights().keySet().toString());
      assertEquals(3, contents.weights().get("layers/lstm/cell").values().size());
      assertEquals(3, contents.weights().get("layers/gru/cell").values().size());
      assertEquals(List.of(2L, 15L), List.of(contents.weights().get("layers/gru/cell").values().get(2).shape().asArray()[0],
          contents.weights().get("layers/gru/cell").values().get(2).shape().asArray()[1]));
      String json = model.toJson();
      assertTrue(json.contains("\"class_name\": \"LSTM\"") || json.contains("\"class_name\":\"LSTM\""), json);
      assertTrue(json.contains("unit_forget_bias") && json.contains("reset_after") && json.contains("go_backwards"));

      try (Model loaded = Models.loadModel(file)) {
        assertInstanceOf(LSTM.class, loaded.layers().get(1));
        assertTrue(((GRU) loaded.layers().get(2)).goBackwards());
        assertEquals("relu", ((SimpleRNN) loaded.layers().get(3)).activationName());
        assertArrayEquals(values(model.predict(x)), values(loaded.predict(x)));
        model.fit(x, reshape(y), f -> f.epochs(1).batchSize(8).shuffle(false).verbose(0));
        loaded.fit(x, reshape(y), f -> f.epochs(1).batchSize(8).shuffle(false).verbose(0));
        // Dropout draws differ between the two models; the weights stay close but need not match.
        assertEquals(model.countParams(), loaded.countParams());
      }
    }
  }

  @Test
  void lstmForgetBiasStartsAtOneAndRecurrentKernelIsOrthogonal() {
    try (Model model = new Sequential(new LSTM(4).inputShape(3, 2))) {
      model.build(3, 2);
      List<NdArray<?>> weights = model.layers().get(0).getWeights();
      float[] bias = values(weights.get(2));
      for (int i = 0; i < 16; i++) {
        assertEquals(i >= 4 && i < 8 ? 1f : 0f, bias[i], "bias[" + i + "]");
      }
      FloatNdArray u = (FloatNdArray) weights.get(1);   // (4, 16): orthogonal rows
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          double dot = 0;
          for (int k = 0; k < 16; k++) {
            dot += u.getFloat(a, k) * u.getFloat(b, k);
          }
          assertEquals(a == b ? 1.0 : 0.0, dot, 1e-5, "row " + a + " . row " + b);
        }
      }
    }
    try (Model model = new Sequential(new LSTM(4).unitForgetBias(false).inputShape(3, 2))) {
      model.build(3, 2);
      for (float v : values(model.layers().get(0).getWeights().get(2))) {
        assertEquals(0f, v);
      }
    }
  }

  @Test
  void exportServesRecurrentModels() {
    FloatNdArray x = randomSequences(3, 4, 2, 8);
    try (Model model = new Sequential(new GRU(3).inputShape(4, 2), new Dense(2))) {
      float[] expected = values(model.predict(x));
      Path exported = dir.resolve("exported");
      model.export(exported);
      try (var imported = dev.jkeras.saving.SavedModels.load(exported)) {
        String input = imported.signatures().get("serving_default").inputs().keySet().iterator().next();
        Map<String, NdArray<?>> outputs = imported.call("serving_default", Map.of(input, x));
        assertArrayEquals(expected, values(outputs.values().iterator().next()), 1e-6f);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static FloatNdArray reshape(FloatNdArray y) {
    FloatNdArray out = NdArrays.ofFloats(Shape.of(y.shape().get(0), 1).toNdArrayShape());
    for (int i = 0; i < y.shape().get(0); i++) {
      out.setFloat(y.getFloat(i, 0, 0), i, 0);
    }
    return out;
  }

  static FloatNdArray randomSequences(int n, int steps, int features, long seed) {
    Random random = new Random(seed);
    float[][][] x = new float[n][steps][features];
    for (float[][] plane : x) {
      for (float[] row : plane) {
        for (int j = 0; j < features; j++) {
          row[j] = (float) random.nextGaussian();
        }
      }
    }
    return StdArrays.ndCopyOf(x);
  }

  private static float[] values(NdArray<?> array) {
    FloatNdArray f = (FloatNdArray) array;
    float[] out = new float[(int) f.size()];
    int[] i = {0};
    f.scalars().forEach(s -> out[i[0]++] = s.getFloat());
    return out;
  }
}
