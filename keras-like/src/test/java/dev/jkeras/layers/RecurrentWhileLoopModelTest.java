package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.testing.Conformance;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Models over sequences of unknown length ({@code Input.of(-1, 8)}): they train on batches of one length
 * and predict on others through the one while loop, equal to the same weights unrolled for that length,
 * and their {@code .keras} file predicts the same in real Keras.
 */
class RecurrentWhileLoopModelTest {
  private static final int FEATURES = 8;

  @TempDir
  Path dir;

  private static FloatNdArray sequences(int n, int steps, long seed) {
    Random random = new Random(seed);
    float[][][] x = new float[n][steps][FEATURES];
    for (float[][] plane : x) {
      for (float[] row : plane) {
        for (int j = 0; j < FEATURES; j++) {
          row[j] = (float) random.nextGaussian();
        }
      }
    }
    return StdArrays.ndCopyOf(x);
  }

  /** The mean of each sequence's first feature: a target every length has. */
  private static FloatNdArray targets(FloatNdArray x) {
    int n = (int) x.shape().get(0);
    int steps = (int) x.shape().get(1);
    float[][] y = new float[n][1];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < steps; t++) {
        y[i][0] += x.getFloat(i, t, 0) / steps;
      }
    }
    return StdArrays.ndCopyOf(y);
  }

  @Test
  void trainsOnOneLengthAndPredictsOnAnotherAsTheUnrollWould() {
    FloatNdArray x10 = sequences(96, 10, 1);
    FloatNdArray x7 = sequences(64, 7, 2);
    FloatNdArray x15 = sequences(12, 15, 3);
    try (Sequential model = new Sequential(Input.of(-1, FEATURES), new LSTM(8), new Dense(1))) {
      model.compile(new Adam(0.02), "mse");
      List<Double> loss = model.fit(x10, targets(x10), f -> f.epochs(6).batchSize(16).verbose(0)).history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.7 * loss.get(0), "loss on length 10: " + loss);
      List<Double> loss7 = model.fit(x7, targets(x7), f -> f.epochs(3).batchSize(16).verbose(0)).history().get("loss");
      assertTrue(loss7.get(loss7.size() - 1) < loss.get(0), "loss on length 7: " + loss7);

      NdArray<?> loop = model.predict(x15, p -> p.verbose(0));
      try (Sequential unrolled = new Sequential(Input.of(15, FEATURES), new LSTM(8), new Dense(1))) {
        for (int i = 0; i < model.layers().size(); i++) {
          unrolled.layers().get(i).setWeights(model.layers().get(i).getWeights());
        }
        assertTrue(!((LSTM) unrolled.layers().get(0)).runsAsWhileLoop(15));
        Conformance.assertClose(unrolled.predict(x15, p -> p.verbose(0)), loop, 1e-5, 1e-5, "length 15");
      }
    }
  }

  @Test
  void bidirectionalOverUnknownLengthEqualsTheUnroll() {
    FloatNdArray x = sequences(6, 11, 6);
    try (Sequential loop = new Sequential(Input.of(-1, FEATURES), new Bidirectional(new GRU(4).returnSequences(true)),
        new Bidirectional(new LSTM(3)), new Dense(2));
        Sequential unrolled = new Sequential(Input.of(11, FEATURES), new Bidirectional(new GRU(4).returnSequences(true)),
            new Bidirectional(new LSTM(3)), new Dense(2))) {
      for (int i = 0; i < loop.layers().size(); i++) {
        unrolled.layers().get(i).setWeights(loop.layers().get(i).getWeights());
      }
      Conformance.assertClose(unrolled.predict(x, p -> p.verbose(0)), loop.predict(x, p -> p.verbose(0)), 1e-5, 1e-5,
          "Bidirectional GRU and LSTM over 11 steps");
    }
  }

  @Test
  void aFunctionalModelOfUnknownLengthLoadsInKeras() throws Exception {
    KerasOracle.assumeAvailable();
    FloatNdArray x = sequences(32, 9, 4);
    FloatNdArray other = sequences(5, 13, 5);
    KerasTensor input = Input.of(-1, FEATURES);
    KerasTensor h = new GRU(6).returnSequences(true).apply(new Masking(0.0).apply(input));
    KerasTensor out = new Dense(1).apply(new LSTM(5).goBackwards(true).apply(h));
    try (Model model = new Model(input, out)) {
      model.compile(new Adam(0.01), "mse");
      model.fit(x, targets(x), f -> f.epochs(2).batchSize(8).verbose(0));
      Path file = dir.resolve("unknown_length.keras");
      model.save(file);
      Npy.write(dir.resolve("x.npy"), other);
      Map<String, String> printed = KerasOracle.printedValues("import keras_env, keras, numpy as np\n"
          + "m = keras.models.load_model('" + file + "')\n"
          + "print('@@shape=' + str(m.input_shape))\n"
          + "np.save('" + dir.resolve("keras_y.npy") + "', m.predict(np.load('" + dir.resolve("x.npy") + "'), verbose=0))\n"
          + "print('@@ok=1')\n");
      assertEquals("1", printed.get("ok"), printed.toString());
      assertEquals("(None, None, 8)", printed.get("shape"));
      Conformance.assertClose(Npy.read(dir.resolve("keras_y.npy")), model.predict(other, p -> p.verbose(0)), 1e-5,
          1e-5, "Keras's prediction on length 13");
    }
  }
}
