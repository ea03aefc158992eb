package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.GRU;
import dev.jkeras.layers.GlobalAveragePooling1D;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Masking;
import dev.jkeras.layers.Recurrent;
import dev.jkeras.layers.SimpleRNN;
import dev.jkeras.optimizers.Adam;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Padded sequences through Embedding(maskZero) or Masking into recurrent layers, as in Keras. */
class MaskedSequencesTest {
  private static final int[] SEQUENCE = {3, 5, 7};
  /** Pre-padded, post-padded and with gaps: every row holds SEQUENCE once padding is skipped. */
  private static final int[][] PADDED = {{0, 0, 0, 3, 5, 7}, {3, 5, 7, 0, 0, 0}, {3, 0, 5, 0, 0, 7}};

  @TempDir
  Path dir;

  private static final List<Supplier<Recurrent<?>>> CELLS = List.of(
      () -> new SimpleRNN(3), () -> new LSTM(3), () -> new GRU(3), () -> new GRU(3).resetAfter(false));

  /** Embedding(maskZero) -> Dense (passing the mask on) -> the recurrent layer. */
  private static Model recurrentModel(Recurrent<?> rnn, int steps) {
    KerasTensor input = Input.of(DType.INT32, steps);
    KerasTensor embedded = new Embedding(10, 4).maskZero(true).apply(input);
    KerasTensor projected = new Dense(4, "tanh").apply(embedded);
    return new Model(input, rnn.apply(projected));
  }

  /** The same model on the unpadded sequence, with the padded model's weights. */
  private static float[][] unpadded(Model padded, Recurrent<?> rnn) {
    try (Model model = recurrentModel(rnn, SEQUENCE.length)) {
      for (int i = 1; i < model.layers().size(); i++) {
        model.layers().get(i).setWeights(padded.layers().get(i).getWeights());
      }
      return rows(model.predict(StdArrays.ndCopyOf(new int[][] {SEQUENCE}), o -> o.verbose(0)));
    }
  }

  @Test
  void paddingIsSkippedByTheFinalOutputOfEveryRecurrentLayer() {
    for (Supplier<Recurrent<?>> cell : CELLS) {
      for (boolean backwards : new boolean[] {false, true}) {
        try (Model model = recurrentModel(cell.get().goBackwards(backwards), PADDED[0].length)) {
          float[][] out = rows(model.predict(StdArrays.ndCopyOf(PADDED), o -> o.verbose(0)));
          float[] expected = unpadded(model, cell.get().goBackwards(backwards))[0];
          String what = model.layers().get(3).getClass().getSimpleName() + (backwards ? " backwards" : "");
          for (int row = 0; row < PADDED.length; row++) {
            assertArrayEquals(expected, out[row], 1e-5f, what + ", row " + row);
          }
        }
      }
    }
  }

  @Test
  void sequenceOutputsRepeatThePreviousOutputAtMaskedSteps() {
    for (Supplier<Recurrent<?>> cell : CELLS) {
      try (Model model = recurrentModel(cell.get().returnSequences(true), PADDED[0].length)) {
        float[][][] out = steps(model.predict(StdArrays.ndCopyOf(PADDED), o -> o.verbose(0)));
        float[][][] expected = steps(unpaddedSequences(model, cell.get().returnSequences(true)));
        float[][] seq = expected[0];
        float[] zeros = new float[seq[0].length];
        float[][][] wanted = {
            {zeros, zeros, zeros, seq[0], seq[1], seq[2]},   // pre-padding: zeros before the first real step
            {seq[0], seq[1], seq[2], seq[2], seq[2], seq[2]}, // post-padding: the last real output repeated
            {seq[0], seq[0], seq[1], seq[1], seq[1], seq[2]}};
        String what = model.layers().get(3).getClass().getSimpleName();
        for (int row = 0; row < wanted.length; row++) {
          for (int t = 0; t < wanted[row].length; t++) {
            assertArrayEquals(wanted[row][t], out[row][t], 1e-5f, what + ", row " + row + ", step " + t);
          }
        }
      }
    }
  }

  @Test
  void zeroOutputForMaskGivesZerosAtMaskedSteps() {
    try (Model model = recurrentModel(new LSTM(3).returnSequences(true).zeroOutputForMask(true), 6)) {
      float[][][] out = steps(model.predict(StdArrays.ndCopyOf(PADDED), o -> o.verbose(0)));
      assertArrayEquals(new float[3], out[1][4], 0f);
      assertArrayEquals(new float[3], out[2][1], 0f);
      assertTrue(Math.abs(out[1][2][0]) > 0);
      assertTrue(model.toJson().contains("zero_output_for_mask\": true")
          || model.toJson().contains("zero_output_for_mask\":true"));
    }
  }

  private static NdArray<?> unpaddedSequences(Model padded, Recurrent<?> rnn) {
    try (Model model = recurrentModel(rnn, SEQUENCE.length)) {
      for (int i = 1; i < model.layers().size(); i++) {
        model.layers().get(i).setWeights(padded.layers().get(i).getWeights());
      }
      return model.predict(StdArrays.ndCopyOf(new int[][] {SEQUENCE}), o -> o.verbose(0));
    }
  }

  @Test
  void sequentialWithMaskedEmbeddingTrainsAndIgnoresPadding() {
    float[][] x = new float[64][];
    float[] y = new float[64];
    sequences(x, y, 11);
    try (Model model = new Sequential(
        new Embedding(12, 8).maskZero(true).inputShape(6),
        new LSTM(8),
        new Dropout(0.1),
        new Dense(1, "sigmoid"))) {
      model.compile(new Adam(0.02), "binary_crossentropy", "accuracy");
      var history = model.fit(StdArrays.ndCopyOf(x), NdArrays.vectorOf(y), f -> f.epochs(12).batchSize(16).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < loss.get(0), loss.toString());
      float[][] p = rows(model.predict(
          StdArrays.ndCopyOf(new float[][] {{0, 0, 0, 3, 1, 7}, {3, 1, 7, 0, 0, 0}}), o -> o.verbose(0)));
      assertEquals(p[0][0], p[1][0], 1e-5f);
    }
  }

  @Test
  void functionalWithMaskedGruAndPoolingTrainsAndIgnoresPadding() {
    float[][] x = new float[64][];
    float[] y = new float[64];
    sequences(x, y, 12);
    KerasTensor input = Input.of(6);
    KerasTensor h = new Embedding(12, 8).maskZero(true).apply(input);
    h = new GRU(6).returnSequences(true).apply(h);
    h = new GlobalAveragePooling1D().apply(h);
    KerasTensor output = new Dense(1, "sigmoid").apply(h);
    try (Model model = new Model(input, output)) {
      model.compile(new Adam(0.02), "binary_crossentropy");
      var history = model.fit(StdArrays.ndCopyOf(x), NdArrays.vectorOf(y), f -> f.epochs(12).batchSize(16).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < loss.get(0), loss.toString());
      float[][] p = rows(model.predict(
          StdArrays.ndCopyOf(new float[][] {{0, 0, 0, 3, 1, 7}, {3, 1, 7, 0, 0, 0}}), o -> o.verbose(0)));
      assertEquals(p[0][0], p[1][0], 1e-5f);
    }
  }

  @Test
  void sequenceToSequenceLossIgnoresTargetsAtPaddedSteps() {
    KerasTensor input = Input.of(DType.INT32, 6);
    KerasTensor h = new Embedding(10, 4).maskZero(true).apply(input);
    h = new LSTM(5).returnSequences(true).apply(h);
    KerasTensor output = new Dense(1).apply(h);
    try (Model model = new Model(input, output)) {
      model.compile("adam", "mse");
      float[][][] targets = new float[3][6][1];
      float[][][] garbage = new float[3][6][1];
      for (int n = 0; n < 3; n++) {
        for (int t = 0; t < 6; t++) {
          targets[n][t][0] = PADDED[n][t] == 0 ? 0 : 0.5f;
          garbage[n][t][0] = PADDED[n][t] == 0 ? 1000 : 0.5f;
        }
      }
      var x = StdArrays.ndCopyOf(PADDED);
      double clean = model.evaluate(x, StdArrays.ndCopyOf(targets), e -> e.verbose(0)).get("loss");
      double noisy = model.evaluate(x, StdArrays.ndCopyOf(garbage), e -> e.verbose(0)).get("loss");
      assertEquals(clean, noisy, 1e-5);
      var history = model.fit(x, StdArrays.ndCopyOf(garbage), f -> f.epochs(5).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < loss.get(0) && loss.get(0) < 1, loss.toString());
    }
  }

  @Test
  void modelWithMaskingSavesAndLoads() throws Exception {
    float[][][] x = new float[8][5][3];
    Random random = new Random(5);
    for (int n = 0; n < x.length; n++) {
      for (int t = n % 3; t < 5; t++) {       // the first n % 3 steps are padding
        for (int f = 0; f < 3; f++) {
          x[n][t][f] = (float) random.nextGaussian();
        }
      }
    }
    FloatNdArray inputs = StdArrays.ndCopyOf(x);
    try (Model model = new Sequential(new Masking(0.0).inputShape(5, 3), new SimpleRNN(4), new Dense(1))) {
      model.compile("adam", "mse");
      model.fit(inputs, StdArrays.ndCopyOf(new float[8][1]),
          f -> f.epochs(1).verbose(0));
      Path file = dir.resolve("masking.keras");
      model.save(file);
      assertTrue(model.toJson().contains("\"Masking\""), model.toJson());
      try (Model loaded = Models.loadModel(file)) {
        Layer first = loaded.layers().get(0);
        assertInstanceOf(Masking.class, first);
        assertEquals(0.0, ((Masking) first).maskValue());
        assertArrayEquals(flat(model.predict(inputs, o -> o.verbose(0))),
            flat(loaded.predict(inputs, o -> o.verbose(0))), 1e-6f);
        // The loaded model still skips padding: leading zero steps do not change the output.
        float[][][] shifted = {{{0, 0, 0}, {1, 2, 3}, {4, 5, 6}, {0, 0, 0}, {7, 8, 9}}};
        float[][][] packed = {{{0, 0, 0}, {0, 0, 0}, {1, 2, 3}, {4, 5, 6}, {7, 8, 9}}};
        assertArrayEquals(flat(loaded.predict(StdArrays.ndCopyOf(shifted), o -> o.verbose(0))),
            flat(loaded.predict(StdArrays.ndCopyOf(packed), o -> o.verbose(0))), 1e-5f);
      }
    }
  }

  @Test
  void functionalModelWithMaskedEmbeddingSavesAndLoads() throws Exception {
    try (Model model = recurrentModel(new LSTM(3), 6)) {
      Path file = dir.resolve("embedding_lstm.keras");
      model.save(file);
      try (Model loaded = Models.loadModel(file)) {
        float[][] out = rows(loaded.predict(StdArrays.ndCopyOf(PADDED), o -> o.verbose(0)));
        assertArrayEquals(rows(model.predict(StdArrays.ndCopyOf(PADDED), o -> o.verbose(0)))[0], out[0], 1e-6f);
        assertArrayEquals(out[0], out[1], 1e-5f);
        assertArrayEquals(out[0], out[2], 1e-5f);
      }
    }
  }

  /** Random token sequences of length 1..6 padded at either end; label: token 1 occurs. */
  private static void sequences(float[][] x, float[] y, long seed) {
    Random random = new Random(seed);
    for (int n = 0; n < x.length; n++) {
      int length = 1 + random.nextInt(6);
      float[] tokens = new float[length];
      for (int t = 0; t < length; t++) {
        tokens[t] = 1 + random.nextInt(11);
        if (tokens[t] == 1) {
          y[n] = 1;
        }
      }
      x[n] = new float[6];
      System.arraycopy(tokens, 0, x[n], random.nextBoolean() ? 0 : 6 - length, length);
    }
  }

  private static float[][] rows(NdArray<?> array) {
    return StdArrays.array2dCopyOf((FloatNdArray) array);
  }

  private static float[][][] steps(NdArray<?> array) {
    return StdArrays.array3dCopyOf((FloatNdArray) array);
  }

  private static float[] flat(NdArray<?> array) {
    FloatNdArray f = (FloatNdArray) array;
    float[] out = new float[(int) f.size()];
    int[] i = {0};
    f.scalars().forEach(s -> out[i[0]++] = s.getFloat());
    return out;
  }
}
