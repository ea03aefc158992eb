package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.testing.Conformance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * {@code RNN(cell)} on sequences of unknown length runs its cell in one while loop: outputs, final
 * states and gradients (w.r.t. the weights and the inputs) equal the static unroll's for LSTMCell,
 * GRUCell, StackedRNNCells and a user-written cell, with masks, backwards, zero outputs for the mask
 * and initial states; the dropout masks are drawn once per sequence, before the loop; and a model of
 * unknown length trains and predicts on two lengths.
 */
class RNNWhileLoopTest {
  private static final int BATCH = 2;
  private static final int STEPS = 5;
  private static final int FEATURES = 3;
  /** Padding (all-zero steps, masked by Masking(0)) at the start of the first sequence and the end of the second. */
  private static final float[][][] X = PaddedSequences.of(BATCH, STEPS, FEATURES, 7);

  private static RNNCell cell(String id, double dropout) {
    return switch (id) {
      case "lstm_cell" -> new LSTMCell(4).dropout(dropout).recurrentDropout(dropout * 1.3).seed(11);
      case "gru_cell" -> new GRUCell(4).dropout(dropout).recurrentDropout(dropout * 1.3).seed(11);
      case "gru_cell_reset_before" -> new GRUCell(4).resetAfter(false);
      // Output (the LSTM's h, 3 wide) unlike the first state (the SimpleRNN's h, 4 wide).
      case "stacked" -> new StackedRNNCells(new SimpleRNNCell(4).dropout(dropout).seed(3),
          new LSTMCell(3).recurrentDropout(dropout).seed(5));
      case "user_cell" -> new RNNCellsTest.MinimalRNNCell(4);
      case "wrapper_cell" -> new DoublingCell(new LSTMCell(4).dropout(dropout).recurrentDropout(dropout).seed(13));
      default -> throw new IllegalArgumentException(id);
    };
  }

  /** A user cell around an LSTMCell (listed in wrappedLayers, so it starts its sequence too): twice its output. */
  static final class DoublingCell extends RNNCell {
    private final LSTMCell inner;

    DoublingCell(LSTMCell inner) {
      this.inner = inner;
    }

    @Override
    public int[] stateSize() {
      return inner.stateSize();
    }

    @Override
    public java.util.Map<String, Layer> wrappedLayers() {
      return java.util.Map.of("cell", inner);
    }

    @Override
    protected void build(Shape inputShape) {
      buildNested(inner, inputShape);
    }

    @Override
    protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
      Output step = inner.call(input, states, training);
      return new Output(Ops.multiply(step.output(), 2.0), step.states());
    }
  }

  /** Deterministic (features, size) matrix for the initial states. */
  private static KerasTensor matrix(int rows, int cols, int salt) {
    float[][] m = new float[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = (float) Math.sin(1.3 * i + 0.7 * j + salt) * 0.6f;
      }
    }
    return Ops.convertToTensor(StdArrays.ndCopyOf(m));
  }

  /** What one configuration computes: outputs, final states, the loss, its gradients (weights, then input). */
  private record Run(List<NdArray<?>> values, boolean whileLoop) {}

  private static Run run(String id, boolean mask, boolean backwards, boolean zeroOutput, boolean initialState,
      boolean returnSequences, long steps, boolean training, double dropout, List<NdArray<?>> weights) {
    try (ModelGraph graph = Backends.get().newGraph("rnn_loop_" + id)) {
      RNN[] layer = new RNN[1];
      GraphFunction f = graph.trace(() -> {
        KerasTensor input = graph.placeholder("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN, steps, FEATURES));
        KerasTensor seq = mask ? new Masking(0.0).apply(input, false) : input;
        layer[0] = new RNN(cell(id, dropout)).returnSequences(returnSequences).returnState(true)
            .goBackwards(backwards).zeroOutputForMask(zeroOutput);
        List<KerasTensor> args = new ArrayList<>(List.of(seq));
        if (initialState) {
          KerasTensor second = Ops.take(input, Ops.scalar(1, DType.INT32), 1);
          int[] sizes = layer[0].cell().stateSize();
          for (int s = 0; s < sizes.length; s++) {
            args.add(Ops.tanh(Ops.matmul(second, matrix(FEATURES, sizes[s], s))));
          }
        }
        List<KerasTensor> out = layer[0].applyAll(args, training);
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
      layer[0].setWeights(weights);
      try (Feed feed = graph.feed(StdArrays.ndCopyOf(X))) {
        return new Run(f.call(List.of(feed)), layer[0].runsAsWhileLoop(steps));
      }
    }
  }

  /** Weights away from their initial values (the biases too), the same for both runs. */
  private static List<NdArray<?>> weightsOf(String id) {
    try (ModelGraph graph = Backends.get().newGraph("rnn_weights_" + id)) {
      RNN[] layer = new RNN[1];
      graph.trace(() -> {
        layer[0] = new RNN(cell(id, 0));
        layer[0].apply(Ops.convertToTensor(StdArrays.ndCopyOf(X)), false);
        return null;
      });
      List<NdArray<?>> weights = new ArrayList<>();
      for (NdArray<?> w : layer[0].getWeights()) {
        float[] flat = new float[(int) w.size()];
        for (int i = 0; i < flat.length; i++) {
          flat[i] = (float) Math.sin(i * 1.7 + weights.size()) * 0.6f;
        }
        weights.add(NdArrays.wrap(w.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(flat, false, false)));
      }
      return weights;
    }
  }

  private static void assertSame(Run unrolled, Run loop, String what) {
    assertFalse(unrolled.whileLoop(), "a known length of " + STEPS + " is unrolled");
    assertTrue(loop.whileLoop(), "an unknown length runs as the while loop");
    assertEquals(unrolled.values().size(), loop.values().size());
    for (int i = 0; i < loop.values().size(); i++) {
      assertEquals(Arrays.toString(unrolled.values().get(i).shape().asArray()),
          Arrays.toString(loop.values().get(i).shape().asArray()), what + " shape of value " + i);
      Conformance.assertClose(unrolled.values().get(i), loop.values().get(i), 1e-5, 1e-5, what + " value " + i);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "lstm_cell, false, false, false, false, true", "lstm_cell, true, true, false, true, true",
      "lstm_cell, true, false, true, false, false",
      "gru_cell, true, false, false, false, false", "gru_cell, false, true, false, true, true",
      "gru_cell_reset_before, true, true, true, true, true",
      "stacked, false, false, false, false, false", "stacked, true, true, false, true, true",
      "stacked, false, false, false, false, true", "stacked, false, true, false, true, false",
      "stacked, true, false, true, true, false",
      "user_cell, false, false, false, false, true", "user_cell, true, true, false, true, false",
      "user_cell, true, false, true, true, true", "wrapper_cell, true, true, false, true, true"})
  void whileLoopEqualsTheUnroll(String id, boolean mask, boolean backwards, boolean zeroOutput, boolean initialState,
      boolean returnSequences) {
    List<NdArray<?>> weights = weightsOf(id);
    Run unrolled = run(id, mask, backwards, zeroOutput, initialState, returnSequences, STEPS, false, 0, weights);
    Run loop = run(id, mask, backwards, zeroOutput, initialState, returnSequences, Shape.UNKNOWN, false, 0, weights);
    assertSame(unrolled, loop, id);
  }

  /** RNN(cell) follows the rule of SimpleRNN, LSTM and GRU. */
  @Test
  void theSwitchBetweenUnrollAndWhileLoopIsTheRecurrentLayers() {
    assertTrue(new RNN(new LSTMCell(3)).runsAsWhileLoop(Shape.UNKNOWN), "unknown length");
    assertTrue(new RNN(new LSTMCell(3)).unroll(true).runsAsWhileLoop(Shape.UNKNOWN), "unknown length, unroll(true)");
    assertFalse(new RNN(new GRUCell(3)).runsAsWhileLoop(Recurrent.UNROLL_LIMIT), "at the limit");
    assertTrue(new RNN(new GRUCell(3)).runsAsWhileLoop(Recurrent.UNROLL_LIMIT + 1), "above the limit");
    assertFalse(new RNN(new SimpleRNNCell(3)).unroll(true).runsAsWhileLoop(500), "unroll(true) on a known length");
  }

  /** A known length above the limit runs as the while loop and keeps its number of steps in the output's shape. */
  @Test
  void aLongKnownLengthKeepsItsStepsInTheShape() {
    KerasTensor x = Input.of(70, 3);
    assertEquals("(None, 70, 2)", new RNN(new LSTMCell(2)).returnSequences(true).apply(x).shape().toString());
    assertEquals("(None, 70, 2)", new GRU(2).returnSequences(true).apply(x).shape().toString());
    assertEquals("(None, None, 2)", new LSTM(2).returnSequences(true).apply(Input.of(-1, 3)).shape().toString());
  }

  /** Seeded dropout masks are drawn once per sequence, before the loop: the while loop applies the unroll's. */
  @ParameterizedTest
  @CsvSource({"lstm_cell, false", "gru_cell, true", "stacked, true", "wrapper_cell, true"})
  void dropoutWhileTrainingEqualsTheUnroll(String id, boolean mask) {
    List<NdArray<?>> weights = weightsOf(id);
    Run unrolled = run(id, mask, false, false, false, true, STEPS, true, 0.3, weights);
    Run loop = run(id, mask, false, false, false, true, Shape.UNKNOWN, true, 0.3, weights);
    assertSame(unrolled, loop, id + " with dropout");
  }

  /**
   * With {@code h_t = x_t * mask} (identity kernel, zero recurrent kernel, linear activation) and the
   * same input at every step, training outputs show the input dropout mask: in the while loop, too,
   * every time step of a sample has the same mask, 0 or {@code 1 / (1 - rate)} per feature.
   */
  @ParameterizedTest
  @CsvSource({"-1", "70"})
  void dropoutMaskIsDrawnOncePerSequenceInTheWhileLoop(int steps) {
    RNN rnn = new RNN(new SimpleRNNCell(4, "linear").dropout(0.5).seed(7)).returnSequences(true);
    KerasTensor x = Input.of(steps, 4);
    assertTrue(rnn.runsAsWhileLoop(steps < 0 ? Shape.UNKNOWN : steps));
    try (Model model = new Model(List.of(x), List.of(rnn.apply(x)))) {
      float[][] identity = new float[4][4];
      for (int i = 0; i < 4; i++) {
        identity[i][i] = 1;
      }
      rnn.setWeights(List.of(StdArrays.ndCopyOf(identity), NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(4, 4)),
          NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(4))));
      int length = steps < 0 ? 9 : steps;
      FloatNdArray ones = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(16, length, 4));
      ones.scalars().forEach(s -> s.setFloat(1));
      FloatNdArray training = (FloatNdArray) model.predictArrays(List.of(ones), p -> p.verbose(0).training(true))
          .get(0);
      int dropped = 0;
      for (int b = 0; b < 16; b++) {
        for (int k = 0; k < 4; k++) {
          float first = training.getFloat(b, 0, k);
          assertTrue(first == 0f || Math.abs(first - 2f) < 1e-6, "kept features are scaled by 1 / (1 - 0.5): " + first);
          dropped += first == 0f ? 1 : 0;
          for (int t = 0; t < length; t++) {
            assertEquals(first, training.getFloat(b, t, k), 1e-6, "sample " + b + " feature " + k + " step " + t);
          }
        }
      }
      assertTrue(dropped > 8 && dropped < 56, "about half of 64 features dropped: " + dropped);
    }
  }

  private static FloatNdArray sequences(int n, int steps, long seed) {
    Random random = new Random(seed);
    float[][][] x = new float[n][steps][8];
    for (float[][] plane : x) {
      for (float[] row : plane) {
        for (int j = 0; j < 8; j++) {
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
  void aModelOfUnknownLengthTrainsAndPredictsOnTwoLengths() {
    FloatNdArray x10 = sequences(96, 10, 1);
    FloatNdArray x7 = sequences(64, 7, 2);
    FloatNdArray x15 = sequences(12, 15, 3);
    try (Sequential model = new Sequential(Input.of(-1, 8),
        new RNN(new StackedRNNCells(new GRUCell(8), new LSTMCell(8))), new Dense(1))) {
      assertEquals("[(None, 1)]", model.outputShapes().toString());
      model.compile(new Adam(0.02), "mse");
      List<Double> loss = model.fit(x10, targets(x10), f -> f.epochs(6).batchSize(16).verbose(0)).history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.7 * loss.get(0), "loss on length 10: " + loss);
      List<Double> loss7 = model.fit(x7, targets(x7), f -> f.epochs(3).batchSize(16).verbose(0)).history().get("loss");
      assertTrue(loss7.get(loss7.size() - 1) < loss.get(0), "loss on length 7: " + loss7);
      for (FloatNdArray x : List.of(x7, x15)) {
        int steps = (int) x.shape().get(1);
        NdArray<?> loop = model.predict(x, p -> p.verbose(0));
        try (Sequential unrolled = new Sequential(Input.of(steps, 8),
            new RNN(new StackedRNNCells(new GRUCell(8), new LSTMCell(8))), new Dense(1))) {
          for (int i = 0; i < model.layers().size(); i++) {
            unrolled.layers().get(i).setWeights(model.layers().get(i).getWeights());
          }
          assertFalse(((RNN) unrolled.layers().get(0)).runsAsWhileLoop(steps));
          Conformance.assertClose(unrolled.predict(x, p -> p.verbose(0)), loop, 1e-5, 1e-5, "length " + steps);
        }
      }
    }
  }

  /** Every step's output of unknown length through Dense, (None, None, 2), as the known lengths give. */
  @Test
  void sequencesOfUnknownLengthThroughDense() {
    try (Sequential model = new Sequential(Input.of(-1, 8), new RNN(new GRUCell(4)).returnSequences(true),
        new Dense(2))) {
      assertEquals("[(None, None, 2)]", model.outputShapes().toString());
      for (int steps : new int[] {3, 7}) {
        FloatNdArray x = sequences(5, steps, steps);
        try (Sequential known = new Sequential(Input.of(steps, 8), new RNN(new GRUCell(4)).returnSequences(true),
            new Dense(2))) {
          for (int i = 0; i < model.layers().size(); i++) {
            known.layers().get(i).setWeights(model.layers().get(i).getWeights());
          }
          NdArray<?> loop = model.predict(x, p -> p.verbose(0));
          assertEquals(Arrays.toString(new long[] {5, steps, 2}), Arrays.toString(loop.shape().asArray()));
          Conformance.assertClose(known.predict(x, p -> p.verbose(0)), loop, 1e-5, 1e-5, "length " + steps);
        }
      }
    }
  }

  /** A cell that makes its weight in call, at its first step, rather than in build. */
  static final class LazyCell extends RNNCell {
    private dev.jkeras.backend.Variable kernel;

    @Override
    public int[] stateSize() {
      return new int[] {2};
    }

    @Override
    protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
      if (kernel == null) {
        kernel = addWeight("kernel", Shape.of(input.shape().get(1), 2), dev.jkeras.initializers.Initializers.ones(), true);
      }
      KerasTensor h = Ops.tanh(Ops.add(Ops.matmul(input, kernel.value()), states.get(0)));
      return Output.of(h, h);
    }
  }

  /** Weights made in call would be made inside the while loop's body: a clear error, unrolled they work. */
  @Test
  void aCellMakingWeightsInCallIsAClearErrorInTheWhileLoop() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> new RNN(new LazyCell()).apply(Input.of(-1, 3)));
    assertTrue(e.getMessage().contains("cannot create weight 'kernel'") && e.getMessage().contains("while loop")
        && e.getMessage().contains("build(Shape)"),
        e.getMessage());
    KerasTensor x = Input.of(4, 3);
    RNN unrolled = new RNN(new LazyCell());
    try (Model model = new Model(List.of(x), List.of(unrolled.apply(x)))) {
      assertEquals(1, unrolled.weights().size());
    }
  }
}
