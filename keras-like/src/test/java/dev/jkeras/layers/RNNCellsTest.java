package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.initializers.Initializers;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.saving.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * Keras's cell API beyond the layer contract (LayerContractTest judges the built-in cells' outputs,
 * configs and weights against Keras): {@code RNN(cell)} equals the built-in layer with the same
 * weights and initial states, a user-written cell trains and round-trips through a {@code .keras}
 * file with custom objects, gradients through stacked cells equal finite differences, and misuse
 * is a clear error.
 */
class RNNCellsTest {
  private static final float H = 1e-2f;
  private static final double TOLERANCE = 2e-3;

  /** A user-written cell, {@code h = tanh(x . kernel + h_prev . recurrent_kernel + bias)}, saved by class name. */
  static final class MinimalRNNCell extends RNNCell {
    private final int units;
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    MinimalRNNCell(int units) {
      this.units = units;
    }

    public static MinimalRNNCell fromConfig(Config config) {
      return new MinimalRNNCell(config.getInt("units", 0));
    }

    @Override
    public int[] stateSize() {
      return new int[] {units};
    }

    @Override
    protected void build(Shape inputShape) {
      kernel = addWeight("kernel", Shape.of(inputShape.get(1), units), Initializers.get("glorot_uniform"), true);
      recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, units), Initializers.get("orthogonal"), true);
      bias = addWeight("bias", Shape.of(units), Initializers.zeros(), true);
    }

    @Override
    protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
      KerasTensor z = Ops.add(Ops.matmul(input, kernel.value()), Ops.matmul(states.get(0), recurrentKernel.value()));
      KerasTensor h = Ops.tanh(Ops.add(z, bias.value()));
      return Output.of(h, h);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> config = super.getConfig();
      config.put("units", units);
      return config;
    }
  }

  /** A cell whose call returns fewer states than its stateSize says. */
  static final class ForgetfulCell extends RNNCell {
    @Override
    public int[] stateSize() {
      return new int[] {2, 2};
    }

    @Override
    protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
      return Output.of(states.get(0), states.get(0));
    }
  }

  /** A cell that says it carries no state. */
  static final class StatelessCell extends RNNCell {
    @Override
    public int[] stateSize() {
      return new int[0];
    }

    @Override
    protected Output call(KerasTensor input, List<KerasTensor> states, boolean training) {
      return new Output(input, List.of());
    }
  }

  // ------------------------------------------------------------------ equal to the built-in layers

  @Test
  void rnnOfACellEqualsTheBuiltInLayerWithInitialStatesMasksAndBackwards() {
    check(() -> new LSTM(3).returnSequences(true).returnState(true).goBackwards(true),
        () -> new RNN(new LSTMCell(3)).returnSequences(true).returnState(true).goBackwards(true), 2);
    check(() -> new GRU(3).resetAfter(false).returnState(true),
        () -> new RNN(new GRUCell(3).resetAfter(false)).returnState(true), 1);
    check(() -> new SimpleRNN(3, "relu").returnSequences(true),
        () -> new RNN(new SimpleRNNCell(3, "relu")).returnSequences(true), 1);
  }

  private static void check(Supplier<Layer> builtIn, Supplier<RNN> ofCell, int states) {
    KerasTensor x = Input.of(4, 2);
    KerasTensor tokenMask = Input.of(DType.BOOL, 4);
    List<KerasTensor> initial = new ArrayList<>();
    for (int i = 0; i < states; i++) {
      initial.add(Input.of(3));
    }
    KerasTensor masked = new PassMask().apply(x, tokenMask);
    List<KerasTensor> layerInputs = new ArrayList<>(List.of(masked));
    layerInputs.addAll(initial);
    Layer reference = builtIn.get();
    RNN rnn = ofCell.get();
    List<KerasTensor> outputs = new ArrayList<>(reference.applyAll(layerInputs, false));
    int count = outputs.size();
    outputs.addAll(rnn.applyAll(layerInputs, false));
    assertEquals(count, outputs.size() - count, "as many outputs as the built-in layer");
    List<KerasTensor> inputs = new ArrayList<>(List.of(x, tokenMask));
    inputs.addAll(initial);
    try (Model model = new Model(inputs, outputs)) {
      rnn.setWeights(reference.getWeights());
      Random random = new Random(3);
      List<NdArray<?>> feed = new ArrayList<>(List.of(floats(random, 2, 4, 2), mask()));
      for (int i = 0; i < states; i++) {
        feed.add(floats(random, 2, 3));
      }
      List<NdArray<?>> predicted = model.predictArrays(feed, p -> p.verbose(0));
      for (int i = 0; i < count; i++) {
        assertClose((FloatNdArray) predicted.get(i), (FloatNdArray) predicted.get(count + i), rnn.name() + " #" + i);
      }
    }
  }

  /** Passes its first input on with its second (boolean) input as the mask. */
  private static final class PassMask extends Layer {
    @Override
    protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
      return List.of(Ops.cast(inputs.get(0), DType.FLOAT32));
    }

    @Override
    public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
      return inputs.get(1);
    }
  }

  // ------------------------------------------------------------------ a user-written cell

  @Test
  void userWrittenCellTrainsAndRoundTripsThroughCustomObjects(@TempDir Path dir) {
    Random random = new Random(11);
    FloatNdArray x = floats(random, 64, 6, 2);
    FloatNdArray y = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(64, 1));
    for (int i = 0; i < 64; i++) {
      float sum = 0;
      for (int t = 0; t < 6; t++) {
        sum += x.getFloat(i, t, 0) * 0.3f - x.getFloat(i, t, 1) * 0.1f;
      }
      y.setFloat(sum, i, 0);
    }
    Path file = dir.resolve("minimal_cell.keras");
    List<NdArray<?>> predicted;
    try (Model model = new Sequential(new InputLayer(6, 2), new RNN(new MinimalRNNCell(8)), new Dense(1))) {
      model.compile(new Adam(0.02), "mse");
      List<Double> loss = model.fit(x, y, f -> f.epochs(25).batchSize(16).verbose(0)).history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 3, "loss falls: " + loss);
      assertEquals(2 * 8 + 8 * 8 + 8 + 8 + 1, model.countParams());
      List<String> names = model.weights().stream().map(Variable::name).toList();
      assertTrue(names.get(0).matches("rnn(_\\d+)?/minimal_rnn_cell(_\\d+)?/kernel"), names.toString());
      model.save(file);
      predicted = model.predictArrays(List.of(x), p -> p.verbose(0));
    }
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Models.loadModel(file));
    assertTrue(rootMessage(unknown).contains("MinimalRNNCell"), rootMessage(unknown));
    try (Model loaded = Models.loadModel(file, Map.of("MinimalRNNCell", MinimalRNNCell.class))) {
      RNN rnn = (RNN) loaded.layers().get(0);
      assertTrue(rnn.cell() instanceof MinimalRNNCell, "the cell comes back as the user's class");
      assertClose((FloatNdArray) predicted.get(0),
          (FloatNdArray) loaded.predictArrays(List.of(x), p -> p.verbose(0)).get(0), "loaded predictions");
    }
  }

  // ------------------------------------------------------------------ dropout

  /**
   * With {@code h_t = x_t * mask} (identity kernel, zero recurrent kernel, linear activation) and the
   * same input at every step, training outputs show the input dropout mask: drawn once per sequence,
   * so every time step of a sample is the same, 0 or {@code 1 / (1 - rate)} per feature.
   */
  @Test
  void dropoutMaskIsDrawnOncePerSequenceAndSharedByItsSteps() {
    RNN rnn = new RNN(new SimpleRNNCell(4, "linear").dropout(0.5).seed(7)).returnSequences(true);
    KerasTensor x = Input.of(5, 4);
    try (Model model = new Model(List.of(x), List.of(rnn.apply(x)))) {
      float[][] identity = new float[4][4];
      for (int i = 0; i < 4; i++) {
        identity[i][i] = 1;
      }
      rnn.setWeights(List.of(StdArrays.ndCopyOf(identity), NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(4, 4)),
          NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(4))));
      FloatNdArray ones = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(16, 5, 4));
      ones.scalars().forEach(s -> s.setFloat(1));
      FloatNdArray inference = (FloatNdArray) model.predictArrays(List.of(ones), p -> p.verbose(0)).get(0);
      FloatNdArray training = (FloatNdArray) model.predictArrays(List.of(ones), p -> p.verbose(0).training(true))
          .get(0);
      int dropped = 0;
      for (int b = 0; b < 16; b++) {
        for (int k = 0; k < 4; k++) {
          float first = training.getFloat(b, 0, k);
          assertTrue(first == 0f || Math.abs(first - 2f) < 1e-6, "kept features are scaled by 1 / (1 - 0.5): " + first);
          dropped += first == 0f ? 1 : 0;
          for (int t = 0; t < 5; t++) {
            assertEquals(1f, inference.getFloat(b, t, k), 1e-6, "no dropout at inference");
            assertEquals(first, training.getFloat(b, t, k), 1e-6, "sample " + b + " feature " + k + " step " + t);
          }
        }
      }
      assertTrue(dropped > 8 && dropped < 56, "about half of 64 features dropped: " + dropped);
    }
  }

  // ------------------------------------------------------------------ gradients

  @Test
  void gradientsThroughStackedCellsMatchFiniteDifferences() {
    Random random = new Random(17);
    FloatNdArray x = floats(random, 2, 3, 2);
    FloatNdArray c = floats(random, 2, 3, 2);
    try (ModelGraph graph = Backends.get().newGraph("grad_cells")) {
      RNN[] layer = new RNN[1];
      GraphFunction f = graph.trace(() -> {
        layer[0] = new RNN(new StackedRNNCells(new LSTMCell(3), new GRUCell(2))).returnSequences(true)
            .returnState(true);
        List<KerasTensor> out = layer[0].applyAll(List.of(Ops.convertToTensor(x)), false);
        // Every output step, and the LSTM's carry through its own path.
        KerasTensor loss = Ops.add(Ops.sum(Ops.multiply(out.get(0), Ops.convertToTensor(c))),
            Ops.multiply(Ops.sum(out.get(2)), 0.5));
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(loss);
        for (KerasTensor g : graph.gradients(loss, layer[0].weights())) {
          assertNotNull(g, "no gradient for a weight");
          outputs.add(g);
        }
        return graph.function(List.of(), outputs, List.of());
      });
      List<FloatNdArray> weights = new ArrayList<>();
      for (NdArray<?> w : layer[0].getWeights()) {
        FloatNdArray moved = NdArrays.ofFloats(w.shape());
        for (long i = 0; i < w.size(); i++) {
          moved.setFloat((float) Math.sin(i * 1.7 + weights.size()) * 0.6f, coords(w.shape(), i));
        }
        weights.add(moved);
      }
      assertEquals(6, weights.size(), "kernel, recurrent_kernel and bias of each cell");
      List<NdArray<?>> results = run(layer[0], f, weights);
      for (int p = 0; p < weights.size(); p++) {
        FloatNdArray grad = (FloatNdArray) results.get(1 + p);
        FloatNdArray w = weights.get(p);
        for (long i = 0; i < w.size(); i++) {
          long[] coords = coords(w.shape(), i);
          float original = w.getFloat(coords);
          w.setFloat(original + H, coords);
          double plus = loss(run(layer[0], f, weights));
          w.setFloat(original - H, coords);
          double minus = loss(run(layer[0], f, weights));
          w.setFloat(original, coords);
          double numeric = (plus - minus) / ((double) (original + H) - (double) (original - H));
          double analytic = grad.getFloat(coords);
          assertTrue(Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric)) < TOLERANCE,
              layer[0].weights().get(p).name() + java.util.Arrays.toString(coords) + ": analytic " + analytic
                  + ", finite difference " + numeric);
        }
      }
    }
  }

  private static List<NdArray<?>> run(RNN layer, GraphFunction f, List<FloatNdArray> weights) {
    layer.setWeights(weights);
    return f.call(List.of());
  }

  private static double loss(List<NdArray<?>> results) {
    return ((Number) results.get(0).getObject()).doubleValue();
  }

  private static long[] coords(org.tensorflow.ndarray.Shape shape, long flat) {
    long[] coords = new long[shape.numDimensions()];
    for (int d = coords.length - 1; d >= 0; d--) {
      coords[d] = flat % shape.get(d);
      flat /= shape.get(d);
    }
    return coords;
  }

  // ------------------------------------------------------------------ misuse

  @Test
  void misuseIsAClearError() {
    IllegalArgumentException states = assertThrows(IllegalArgumentException.class,
        () -> new RNN(new LSTMCell(2)).applyAll(List.of(Input.of(3, 2), Input.of(2)), false));
    assertTrue(states.getMessage().contains("2 state(s)") && states.getMessage().contains("given 1"),
        states.getMessage());
    IllegalArgumentException stateShape = assertThrows(IllegalArgumentException.class,
        () -> new RNN(new GRUCell(2)).applyAll(List.of(Input.of(3, 2), Input.of(5)), false));
    assertTrue(stateShape.getMessage().contains("(batch, 2)"), stateShape.getMessage());
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> new RNN(new SimpleRNNCell(2)).apply(Input.of(3)));
    assertTrue(rank.getMessage().contains("(batch, timesteps, features)"), rank.getMessage());
    IllegalArgumentException unknownFeatures = assertThrows(IllegalArgumentException.class,
        () -> new RNN(new SimpleRNNCell(2)).apply(Input.of(3, -1)));
    assertTrue(unknownFeatures.getMessage().contains("known number of features"), unknownFeatures.getMessage());
    IllegalStateException forgetful = assertThrows(IllegalStateException.class,
        () -> new RNN(new ForgetfulCell()).apply(Input.of(3, 2)));
    assertTrue(forgetful.getMessage().contains("returned 1 state(s)"), forgetful.getMessage());
    IllegalArgumentException stateless = assertThrows(IllegalArgumentException.class,
        () -> new RNN(new StatelessCell()).apply(Input.of(3, 2)));
    assertTrue(stateless.getMessage().contains("at least one state"), stateless.getMessage());
    IllegalArgumentException notACell = assertThrows(IllegalArgumentException.class, () -> new RNN((RNNCell) null));
    assertTrue(notACell.getMessage().contains("needs an RNN cell"), notACell.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> new StackedRNNCells(List.of()));
    assertTrue(empty.getMessage().contains("non-empty list"), empty.getMessage());
    IllegalArgumentException units = assertThrows(IllegalArgumentException.class, () -> new LSTMCell(0));
    assertTrue(units.getMessage().contains("positive integer"), units.getMessage());
    IllegalArgumentException noRecurrentActivation = assertThrows(IllegalArgumentException.class,
        () -> new SimpleRNNCell(2).recurrentActivation("sigmoid"));
    assertTrue(noRecurrentActivation.getMessage().contains("no option"), noRecurrentActivation.getMessage());
  }

  @Test
  void hostileConfigsAreClearErrors() {
    Map<String, Object> serialized = new LinkedHashMap<>(Layers.serialize(new RNN(new LSTMCell(2))));
    @SuppressWarnings("unchecked")
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) serialized.get("config"));
    config.put("stateful", true);
    serialized.put("config", config);
    IllegalArgumentException stateful = assertThrows(IllegalArgumentException.class,
        () -> Layers.deserialize(serialized));
    assertTrue(rootMessage(stateful).contains("stateful=True is not supported"), rootMessage(stateful));

    config.put("stateful", false);
    config.put("cell", Layers.serialize(new Dense(2)));
    IllegalArgumentException dense = assertThrows(IllegalArgumentException.class, () -> Layers.deserialize(serialized));
    assertTrue(rootMessage(dense).contains("needs an RNN cell") && rootMessage(dense).contains("Dense"),
        rootMessage(dense));

    config.put("cell", "lstm");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Layers.deserialize(serialized));
    assertTrue(rootMessage(missing).contains("'cell'"), rootMessage(missing));

    Map<String, Object> stacked = new LinkedHashMap<>(Layers.serialize(new StackedRNNCells(new GRUCell(2))));
    stacked.put("config", Map.of("name", "s", "cells", List.of()));
    IllegalArgumentException noCells = assertThrows(IllegalArgumentException.class, () -> Layers.deserialize(stacked));
    assertTrue(rootMessage(noCells).contains("non-empty list"), rootMessage(noCells));
  }

  // ------------------------------------------------------------------ helpers

  private static FloatNdArray floats(Random random, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    return a;
  }

  /** The last two steps of the second sample masked. */
  private static NdArray<Boolean> mask() {
    boolean[][] m = {{true, true, true, true}, {true, true, false, false}};
    return StdArrays.ndCopyOf(m);
  }

  private static void assertClose(FloatNdArray expected, FloatNdArray actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    for (long i = 0; i < expected.size(); i++) {
      long[] at = coords(expected.shape(), i);
      assertEquals(expected.getFloat(at), actual.getFloat(at), 1e-5, what + " at " + java.util.Arrays.toString(at));
    }
  }

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
