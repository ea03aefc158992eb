package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.ops.Ops;
import dev.jkeras.testing.Conformance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * SimpleRNN, LSTM and GRU on sequences of unknown length run as one while loop; its outputs, final
 * states and gradients (w.r.t. the weights and the inputs) equal the static unroll's on the same weights
 * and inputs, with and without a mask, forwards and backwards, and its input gradients equal central
 * finite differences.
 */
class RecurrentWhileLoopTest {
  private static final int BATCH = 2;
  private static final int STEPS = 5;
  private static final int FEATURES = 3;
  private static final int UNITS = 4;
  /** Padding (all-zero steps, masked by Masking(0)) at the start of the first sequence and the end of the second. */
  private static final float[][][] X = PaddedSequences.of(BATCH, STEPS, FEATURES, 7);

  private static Recurrent<?> create(String id) {
    return switch (id) {
      case "simple_rnn" -> new SimpleRNN(UNITS);
      case "lstm" -> new LSTM(UNITS);
      case "gru" -> new GRU(UNITS);
      case "gru_reset_before" -> new GRU(UNITS).resetAfter(false);
      default -> throw new IllegalArgumentException(id);
    };
  }

  /** What one configuration computes: outputs, final states, the loss, its gradients (weights, then input). */
  private record Run(List<NdArray<?>> values, boolean whileLoop) {}

  private static Run run(String id, boolean mask, boolean backwards, boolean zeroOutput, boolean initialState,
      boolean returnSequences, long steps, float[][][] x, List<NdArray<?>> weights) {
    return runAll(id, mask, backwards, zeroOutput, initialState, returnSequences, steps, List.<float[][][]>of(x), weights).get(0);
  }

  /** One graph, run on each of {@code xs}. */
  private static List<Run> runAll(String id, boolean mask, boolean backwards, boolean zeroOutput, boolean initialState,
      boolean returnSequences, long steps, List<float[][][]> xs, List<NdArray<?>> weights) {
    try (ModelGraph graph = Backends.get().newGraph("loop_" + id)) {
      Recurrent<?>[] layer = new Recurrent<?>[1];
      GraphFunction f = graph.trace(() -> {
        KerasTensor input = graph.placeholder("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, steps, FEATURES));
        KerasTensor seq = mask ? new Masking(0.0).apply(input, false) : input;
        layer[0] = create(id).returnSequences(returnSequences).returnState(true).goBackwards(backwards)
            .zeroOutputForMask(zeroOutput);
        List<KerasTensor> args = new ArrayList<>(List.of(seq));
        if (initialState) {
          KerasTensor h0 = Ops.tanh(Ops.matmul(Ops.take(input, Ops.scalar(1, DType.INT32), 1),
              Ops.convertToTensor(StdArrays.ndCopyOf(new float[][] {{0.5f, -0.2f, 0.3f, 0.1f}, {0.2f, 0.4f, -0.6f, 0.3f},
                  {-0.3f, 0.1f, 0.2f, 0.7f}}))));
          for (int s = 0; s < (id.equals("lstm") ? 2 : 1); s++) {
            args.add(s == 0 ? h0 : Ops.multiply(h0, -0.5));
          }
        }
        List<KerasTensor> out = layer[0].applyAll(args, false);
        KerasTensor loss = Ops.sum(Ops.sin(Ops.multiply(out.get(0), 1.7)));
        for (KerasTensor state : out.subList(1, out.size())) {
          loss = Ops.add(loss, Ops.multiply(Ops.sum(Ops.square(state)), 0.3));
        }
        List<KerasTensor> outputs = new ArrayList<>(out);
        outputs.add(loss);
        for (KerasTensor g : graph.gradients(loss, layer[0].weights())) {
          assertNotNull(g, id + ": no gradient for a weight");
          outputs.add(g);
        }
        outputs.add(graph.gradientsOfTensors(loss, List.of(input)).get(0));
        return graph.function(List.of(input), outputs, List.of());
      });
      if (weights != null) {
        layer[0].setWeights(weights);
      }
      List<Run> runs = new ArrayList<>();
      for (float[][][] x : xs) {
        try (dev.jkeras.backend.Feed feed = graph.feed(StdArrays.ndCopyOf(x))) {
          runs.add(new Run(f.call(List.of(feed)), layer[0].runsAsWhileLoop(steps)));
        }
      }
      return runs;
    }
  }

  private static List<NdArray<?>> weightsOf(String id) {
    try (ModelGraph graph = Backends.get().newGraph("weights_" + id)) {
      Recurrent<?>[] layer = new Recurrent<?>[1];
      graph.trace(() -> {
        layer[0] = create(id);
        layer[0].apply(Ops.convertToTensor(StdArrays.ndCopyOf(X)), false);
        return null;
      });
      return layer[0].getWeights();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "simple_rnn, false, false, false, false, true", "simple_rnn, true, false, false, false, true",
      "simple_rnn, true, true, false, false, false", "simple_rnn, false, true, false, true, true",
      "lstm, false, false, false, false, true", "lstm, true, false, false, false, true",
      "lstm, true, true, false, true, true", "lstm, false, true, false, false, false",
      "lstm, true, false, true, false, false", "lstm, true, true, true, true, true",
      "gru, false, false, false, false, true", "gru, true, false, false, false, false",
      "gru, true, true, true, false, true", "gru, false, true, false, true, true",
      "gru_reset_before, true, true, false, true, true"})
  void whileLoopEqualsTheUnroll(String id, boolean mask, boolean backwards, boolean zeroOutput, boolean initialState,
      boolean returnSequences) {
    List<NdArray<?>> weights = weightsOf(id);
    Run unrolled = run(id, mask, backwards, zeroOutput, initialState, returnSequences, STEPS, X, weights);
    Run loop = run(id, mask, backwards, zeroOutput, initialState, returnSequences, Shape.UNKNOWN, X, weights);
    assertFalse(unrolled.whileLoop(), "a known length of " + STEPS + " is unrolled");
    assertTrue(loop.whileLoop(), "an unknown length runs as the while loop");
    assertEquals(unrolled.values().size(), loop.values().size());
    for (int i = 0; i < loop.values().size(); i++) {
      assertEquals(java.util.Arrays.toString(unrolled.values().get(i).shape().asArray()),
          java.util.Arrays.toString(loop.values().get(i).shape().asArray()), id + " shape of value " + i);
      Conformance.assertClose(unrolled.values().get(i), loop.values().get(i), 1e-5, 1e-5, id + " value " + i);
    }
  }

  @ParameterizedTest
  @CsvSource({"simple_rnn, true, false", "lstm, true, true", "lstm, false, false", "gru, true, true",
      "gru_reset_before, false, true"})
  void whileLoopGradientsEqualFiniteDifferences(String id, boolean mask, boolean backwards) {
    List<NdArray<?>> weights = weightsOf(id);
    Run loop = run(id, mask, backwards, false, false, true, Shape.UNKNOWN, X, weights);
    int lossAt = loop.values().size() - 2 - weights.size();
    double[] analytic = Conformance.values(loop.values().get(loop.values().size() - 1));
    double h = 3e-3;
    List<int[]> points = new ArrayList<>();
    List<float[][][]> xs = new ArrayList<>();
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < STEPS; t++) {
        for (int f = 0; f < FEATURES; f++) {
          if (mask && X[b][t][f] == 0f) {
            continue;
          }
          float[][][] plus = copy(X);
          float[][][] minus = copy(X);
          plus[b][t][f] += (float) h;
          minus[b][t][f] -= (float) h;
          points.add(new int[] {b, t, f});
          xs.add(plus);
          xs.add(minus);
        }
      }
    }
    List<Run> runs = runAll(id, mask, backwards, false, false, true, Shape.UNKNOWN, xs, weights);
    double worst = 0;
    for (int p = 0; p < points.size(); p++) {
      int[] at = points.get(p);
      float[][][] plus = xs.get(2 * p);
      float[][][] minus = xs.get(2 * p + 1);
      double lp = Conformance.values(runs.get(2 * p).values().get(lossAt))[0];
      double lm = Conformance.values(runs.get(2 * p + 1).values().get(lossAt))[0];
      double numeric = (lp - lm) / ((double) plus[at[0]][at[1]][at[2]] - minus[at[0]][at[1]][at[2]]);
      double a = analytic[(at[0] * STEPS + at[1]) * FEATURES + at[2]];
      worst = Math.max(worst, Math.abs(a - numeric) / Math.max(1, Math.abs(numeric)));
    }
    assertTrue(worst < 2e-3, id + ": worst relative error of d loss / d x " + worst);
  }

  @org.junit.jupiter.api.Test
  void theSwitchBetweenUnrollAndWhileLoop() {
    assertTrue(new LSTM(3).runsAsWhileLoop(Shape.UNKNOWN), "unknown length");
    assertTrue(new LSTM(3).unroll(true).runsAsWhileLoop(Shape.UNKNOWN), "unknown length, unroll(true)");
    assertFalse(new GRU(3).runsAsWhileLoop(Recurrent.UNROLL_LIMIT), "at the limit");
    assertTrue(new GRU(3).runsAsWhileLoop(Recurrent.UNROLL_LIMIT + 1), "above the limit");
    assertFalse(new SimpleRNN(3).unroll(true).runsAsWhileLoop(500), "unroll(true) on a known length");
  }

  /** Seeded dropout masks are drawn once per batch outside the loop: the while loop applies the same ones. */
  @ParameterizedTest
  @CsvSource({"simple_rnn", "lstm", "gru"})
  void dropoutWhileTrainingEqualsTheUnroll(String id) {
    List<NdArray<?>> weights = weightsOf(id);
    List<List<NdArray<?>>> results = new ArrayList<>();
    for (long steps : new long[] {STEPS, Shape.UNKNOWN}) {
      try (ModelGraph graph = Backends.get().newGraph("dropout_" + id)) {
        Recurrent<?>[] layer = new Recurrent<?>[1];
        GraphFunction f = graph.trace(() -> {
          KerasTensor input = graph.placeholder("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, steps, FEATURES));
          layer[0] = create(id).dropout(0.3).recurrentDropout(0.4).seed(11).returnSequences(true).returnState(true);
          List<KerasTensor> out = new ArrayList<>(layer[0].applyAll(List.of(input), true));
          out.add(graph.gradientsOfTensors(Ops.sum(Ops.square(out.get(0))), List.of(input)).get(0));
          return graph.function(List.of(input), out, List.of());
        });
        layer[0].setWeights(weights);
        try (dev.jkeras.backend.Feed feed = graph.feed(StdArrays.ndCopyOf(X))) {
          results.add(f.call(List.of(feed)));
        }
      }
    }
    for (int i = 0; i < results.get(0).size(); i++) {
      Conformance.assertClose(results.get(0).get(i), results.get(1).get(i), 1e-5, 1e-5, id + " with dropout, value " + i);
    }
  }

  private static float[][][] copy(float[][][] x) {
    float[][][] c = new float[x.length][][];
    for (int b = 0; b < x.length; b++) {
      c[b] = new float[x[b].length][];
      for (int t = 0; t < x[b].length; t++) {
        c[b][t] = x[b][t].clone();
      }
    }
    return c;
  }
}
