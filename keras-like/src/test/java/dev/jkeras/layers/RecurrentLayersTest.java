package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * SimpleRNN, LSTM and GRU outputs and final states equal {@link RecurrentReference}'s plain loops
 * over Keras's formulas for set weights, and their gradients equal central finite differences.
 */
class RecurrentLayersTest {
  private static final int BATCH = 2;
  private static final int STEPS = 3;
  private static final int FEATURES = 2;
  private static final int UNITS = 3;

  private static final float[][][] X = {
      {{0.5f, -1.0f}, {0.3f, 0.8f}, {-0.7f, 0.2f}},
      {{-0.4f, 0.9f}, {1.1f, -0.3f}, {0.6f, 0.4f}}};

  /** One layer variant: its factory, its number of gate blocks and its bias rows. */
  private record Variant(String id, int gates, int biasRows) {
    Recurrent<?> create() {
      return switch (id) {
        case "simple_rnn" -> new SimpleRNN(UNITS);
        case "lstm" -> new LSTM(UNITS);
        case "gru" -> new GRU(UNITS);
        case "gru_reset_before" -> new GRU(UNITS).resetAfter(false);
        default -> throw new IllegalArgumentException(id);
      };
    }

    static Variant of(String id) {
      return switch (id) {
        case "simple_rnn" -> new Variant(id, 1, 1);
        case "lstm" -> new Variant(id, 4, 1);
        case "gru" -> new Variant(id, 3, 2);
        case "gru_reset_before" -> new Variant(id, 3, 1);
        default -> throw new IllegalArgumentException(id);
      };
    }
  }

  /** Keras-layout weights drawn from [-0.6, 0.6). */
  private record Weights(float[][] kernel, float[][] recurrent, float[][] bias) {
    static Weights random(Variant v, long seed) {
      Random random = new Random(seed);
      return new Weights(matrix(random, FEATURES, v.gates() * UNITS), matrix(random, UNITS, v.gates() * UNITS),
          matrix(random, v.biasRows(), v.gates() * UNITS));
    }

    private static float[][] matrix(Random random, int rows, int cols) {
      float[][] m = new float[rows][cols];
      for (float[] row : m) {
        for (int j = 0; j < cols; j++) {
          row[j] = (random.nextFloat() - 0.5f) * 1.2f;
        }
      }
      return m;
    }

    List<NdArray<?>> arrays() {
      NdArray<?> b = bias.length == 1 ? NdArrays.vectorOf(bias[0]) : StdArrays.ndCopyOf(bias);
      return List.of(StdArrays.ndCopyOf(kernel), StdArrays.ndCopyOf(recurrent), b);
    }
  }

  private static RecurrentReference.Run reference(Variant v, Weights w, boolean backwards) {
    return switch (v.id()) {
      case "simple_rnn" -> RecurrentReference.simpleRnn(X, w.kernel(), w.recurrent(), w.bias()[0], UNITS, backwards);
      case "lstm" -> RecurrentReference.lstm(X, w.kernel(), w.recurrent(), w.bias()[0], UNITS, backwards);
      case "gru" -> RecurrentReference.gru(X, w.kernel(), w.recurrent(), w.bias(), UNITS, true, backwards);
      case "gru_reset_before" -> RecurrentReference.gru(X, w.kernel(), w.recurrent(), w.bias(), UNITS, false,
          backwards);
      default -> throw new IllegalArgumentException(v.id());
    };
  }

  @ParameterizedTest
  @CsvSource({"simple_rnn, false", "lstm, false", "gru, false", "gru_reset_before, false",
      "simple_rnn, true", "lstm, true", "gru, true", "gru_reset_before, true"})
  void outputsAndStatesEqualHandComputation(String id, boolean backwards) {
    Variant v = Variant.of(id);
    Weights w = Weights.random(v, 11);
    RecurrentReference.Run expected = reference(v, w, backwards);
    try (ModelGraph graph = Backends.get().newGraph("forward_" + id)) {
      Recurrent<?>[] layer = new Recurrent<?>[1];
      GraphFunction f = graph.trace(() -> {
        layer[0] = v.create().returnSequences(true).returnState(true).goBackwards(backwards);
        List<KerasTensor> out = layer[0].applyAll(List.of(Ops.convertToTensor(StdArrays.ndCopyOf(X))), false);
        return graph.function(List.of(), out, List.of());
      });
      layer[0].setWeights(w.arrays());
      List<NdArray<?>> results = f.call(List.of());
      assertEquals(1 + expected.states().length, results.size());
      FloatNdArray sequence = (FloatNdArray) results.get(0);
      assertEquals(List.of((long) BATCH, (long) STEPS, (long) UNITS), List.of(
          sequence.shape().get(0), sequence.shape().get(1), sequence.shape().get(2)));
      for (int b = 0; b < BATCH; b++) {
        for (int t = 0; t < STEPS; t++) {
          for (int k = 0; k < UNITS; k++) {
            assertEquals(expected.sequence()[b][t][k], sequence.getFloat(b, t, k), 1e-5,
                id + " output [" + b + "][" + t + "][" + k + "]");
          }
        }
      }
      for (int s = 0; s < expected.states().length; s++) {
        FloatNdArray state = (FloatNdArray) results.get(1 + s);
        for (int b = 0; b < BATCH; b++) {
          for (int k = 0; k < UNITS; k++) {
            assertEquals(expected.states()[s][b][k], state.getFloat(b, k), 1e-5,
                id + " state " + s + " [" + b + "][" + k + "]");
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- gradients

  private static final float H = 1e-2f;
  /** Relative (to max(1, |numeric|)) error allowed; see DenseGradientTest for the reasoning. */
  private static final double TOLERANCE = 2e-3;

  @ParameterizedTest
  @ValueSource(strings = {"simple_rnn", "lstm", "gru", "gru_reset_before"})
  void gradientsMatchFiniteDifferences(String id) {
    Variant v = Variant.of(id);
    Weights w = Weights.random(v, 23);
    float[][][] c = new float[BATCH][STEPS][UNITS];
    Random random = new Random(5);
    for (float[][] plane : c) {
      for (float[] row : plane) {
        for (int k = 0; k < UNITS; k++) {
          row[k] = random.nextFloat() * 2 - 1;
        }
      }
    }
    try (ModelGraph graph = Backends.get().newGraph("grad_" + id)) {
      Recurrent<?>[] layer = new Recurrent<?>[1];
      GraphFunction f = graph.trace(() -> {
        layer[0] = v.create().returnSequences(true).returnState(true);
        List<KerasTensor> out = layer[0].applyAll(List.of(Ops.convertToTensor(StdArrays.ndCopyOf(X))), false);
        // Every output step, and the last state (LSTM's carry) through its own path.
        KerasTensor loss = Ops.add(Ops.sum(Ops.multiply(out.get(0), Ops.convertToTensor(StdArrays.ndCopyOf(c)))),
            Ops.multiply(Ops.sum(out.get(out.size() - 1)), 0.5));
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(loss);
        for (KerasTensor g : graph.gradients(loss, layer[0].weights())) {
          assertNotNull(g, id + ": no gradient for a weight");
          outputs.add(g);
        }
        return graph.function(List.of(), outputs, List.of());
      });
      layer[0].setWeights(w.arrays());
      List<NdArray<?>> results = f.call(List.of());
      float[][][] params = {w.kernel(), w.recurrent(), w.bias()};
      String[] names = {"kernel", "recurrent_kernel", "bias"};
      double worst = 0;
      for (int p = 0; p < 3; p++) {
        FloatNdArray grad = (FloatNdArray) results.get(1 + p);
        float[][] m = params[p];
        for (int i = 0; i < m.length; i++) {
          for (int j = 0; j < m[i].length; j++) {
            float original = m[i][j];
            m[i][j] = original + H;
            double plus = loss(layer[0], f, w);
            m[i][j] = original - H;
            double minus = loss(layer[0], f, w);
            m[i][j] = original;
            double numeric = (plus - minus) / ((double) (original + H) - (double) (original - H));
            double analytic = grad.rank() == 1 ? grad.getFloat(j) : grad.getFloat(i, j);
            double error = Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric));
            assertTrue(error < TOLERANCE, id + " d loss / d " + names[p] + "[" + i + "][" + j + "]: analytic "
                + analytic + ", finite difference " + numeric);
            worst = Math.max(worst, error);
          }
        }
      }
      assertTrue(worst < TOLERANCE, id + " worst error " + worst);
    }
  }

  private static double loss(Recurrent<?> layer, GraphFunction f, Weights w) {
    layer.setWeights(w.arrays());
    return ((Number) f.call(List.of()).get(0).getObject()).doubleValue();
  }
}
