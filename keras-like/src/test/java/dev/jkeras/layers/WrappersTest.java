package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Adam;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.saving.KerasArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * TimeDistributed and Bidirectional in models: shapes with unknown sizes, summary rows, the saved
 * layout, equality with the two recurrent layers built separately (outputs, states, initial states and
 * the gradients of one training step), training, and the errors for hostile arguments.
 */
class WrappersTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  // ------------------------------------------------------------------ TimeDistributed

  @Test
  void timeDistributedAppliesTheLayerToEveryStepWithUnknownBatchAndTimesteps() {
    KerasTensor input = Input.of(-1, 3);
    TimeDistributed wrapper = new TimeDistributed(new Dense(2, "tanh"));
    KerasTensor output = wrapper.apply(input);
    assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 2), output.shape());
    try (Model model = new Model(input, output)) {
      List<NdArray<?>> w = wrapper.getWeights();
      for (int[] dims : new int[][] {{2, 4, 3}, {3, 7, 3}}) {
        FloatNdArray x = random(new Random(dims[1]), dims);
        FloatNdArray y = model.predict(x, p -> p.verbose(0));
        assertEquals(org.tensorflow.ndarray.Shape.of(dims[0], dims[1], 2), y.shape());
        for (int b = 0; b < dims[0]; b++) {
          for (int t = 0; t < dims[1]; t++) {
            for (int u = 0; u < 2; u++) {
              double z = ((FloatNdArray) w.get(1)).getFloat(u);
              for (int f = 0; f < 3; f++) {
                z += x.getFloat(b, t, f) * ((FloatNdArray) w.get(0)).getFloat(f, u);
              }
              assertEquals(Math.tanh(z), y.getFloat(b, t, u), TOLERANCE);
            }
          }
        }
      }
    }
  }

  @Test
  void timeDistributedKeepsAKnownTimeAxisAndShowsKerasSummary() {
    try (Sequential model = new Sequential(new TimeDistributed(new Conv2D(4, 3, 3)).inputShape(5, 8, 8, 1))) {
      model.build(5, 8, 8, 1);
      assertEquals(Shape.of(Shape.UNKNOWN, 5, 6, 6, 4), model.layers().get(0).outputShape());
      assertEquals(40, model.countParams());
      List<String> lines = new ArrayList<>();
      model.summary(lines::add);
      String text = String.join("\n", lines);
      assertTrue(text.contains("(None, 5, 6, 6, 4)"), text);
      assertTrue(text.contains("time_distributed"), text);
      assertTrue(text.contains("Total params: 40"), text);
    }
  }

  @Test
  void timeDistributedOnRankTwoInputsIsAClearError() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Sequential(new TimeDistributed(new Dense(2)).inputShape(3)).build(3));
    assertTrue(error.getMessage().contains("at least 3 dimensions"), error.getMessage());
    assertTrue(error.getMessage().contains("(None, 3)"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(null));
    assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(new InputLayer(3)));
  }

  @Test
  void timeDistributedNeedsKnownSizesAfterTheTimeAxis() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new TimeDistributed(new Flatten()).apply(Input.of(4, -1, 2)));
    assertTrue(error.getMessage().contains("known sizes after the time axis"), error.getMessage());
  }

  // ------------------------------------------------------------------ Bidirectional equals two layers

  /** Keras's result: the forward LSTM and the goBackwards LSTM built separately, the latter's sequence flipped back. */
  @Test
  void bidirectionalEqualsTheTwoLayersAndTheirGradients() {
    FloatNdArray x = random(new Random(1), 6, 5, 3);
    FloatNdArray target = random(new Random(2), 6, 5, 6);
    KerasTensor input = Input.of(5, 3);
    Bidirectional bi = new Bidirectional(new LSTM(3).returnSequences(true));
    KerasTensor separateInput = Input.of(5, 3);
    LSTM forward = new LSTM(3).returnSequences(true);
    LSTM backward = new LSTM(3).returnSequences(true).goBackwards(true);
    KerasTensor both = Layers.concatenate(forward.apply(separateInput),
        new FlipTime().apply(backward.apply(separateInput)));
    try (Model wrapped = new Model(input, bi.apply(input)); Model separate = new Model(separateInput, both)) {
      assertEquals("forward_" + "lstm", bi.forwardLayer().name().replaceAll("_\\d+$", ""));
      assertTrue(bi.backwardLayer().name().startsWith("backward_lstm"), bi.backwardLayer().name());
      assertTrue(((LSTM) bi.backwardLayer()).goBackwards());
      forward.setWeights(bi.forwardLayer().getWeights());
      backward.setWeights(bi.backwardLayer().getWeights());
      assertClose(separate.predict(x, p -> p.verbose(0)), wrapped.predict(x, p -> p.verbose(0)));

      List<NdArray<?>> before = bi.getWeights();
      wrapped.compile(new SGD(0.5), "mse");
      separate.compile(new SGD(0.5), "mse");
      wrapped.fit(x, target, f -> f.epochs(1).batchSize(6).shuffle(false).verbose(0));
      separate.fit(x, target, f -> f.epochs(1).batchSize(6).shuffle(false).verbose(0));
      List<NdArray<?>> after = bi.getWeights();
      List<NdArray<?>> expected = new ArrayList<>(forward.getWeights());
      expected.addAll(backward.getWeights());
      assertEquals(6, after.size());
      for (int i = 0; i < after.size(); i++) {
        assertClose((FloatNdArray) expected.get(i), (FloatNdArray) after.get(i));
        assertFalse(before.get(i).equals(after.get(i)), "weight " + i + " got no gradient");
      }
    }
  }

  @Test
  void initialStatesAreSplitAndStatesReturnedForwardThenBackward() {
    FloatNdArray x = random(new Random(3), 4, 5, 2);
    List<NdArray<?>> states = List.of(random(new Random(4), 4, 2), random(new Random(5), 4, 2),
        random(new Random(6), 4, 2), random(new Random(7), 4, 2));
    List<KerasTensor> inputs = List.of(Input.of(5, 2), Input.of(2), Input.of(2), Input.of(2), Input.of(2));
    Bidirectional bi = new Bidirectional(new LSTM(2).returnState(true), "sum");
    List<KerasTensor> outputs = bi.applyAll(inputs, false);
    assertEquals(5, outputs.size());
    List<KerasTensor> separateInputs = List.of(Input.of(5, 2), Input.of(2), Input.of(2), Input.of(2), Input.of(2));
    LSTM forward = new LSTM(2).returnState(true);
    LSTM backward = new LSTM(2).returnState(true).goBackwards(true);
    List<KerasTensor> f = forward.applyAll(List.of(separateInputs.get(0), separateInputs.get(1), separateInputs.get(2)),
        false);
    List<KerasTensor> b = backward.applyAll(List.of(separateInputs.get(0), separateInputs.get(3), separateInputs.get(4)),
        false);
    List<KerasTensor> separateOutputs = List.of(Layers.add(f.get(0), b.get(0)), f.get(1), f.get(2), b.get(1), b.get(2));
    try (Model wrapped = new Model(inputs, outputs); Model separate = new Model(separateInputs, separateOutputs)) {
      forward.setWeights(bi.forwardLayer().getWeights());
      backward.setWeights(bi.backwardLayer().getWeights());
      List<NdArray<?>> feed = new ArrayList<>(List.of(x));
      feed.addAll(states);
      List<FloatNdArray> expected = separate.predict(feed, p -> p.verbose(0));
      List<FloatNdArray> actual = wrapped.predict(feed, p -> p.verbose(0));
      for (int i = 0; i < 5; i++) {
        assertClose(expected.get(i), actual.get(i));
      }
    }
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(2)).applyAll(List.of(Input.of(5, 2), Input.of(2), Input.of(2)), false));
    assertTrue(error.getMessage().contains("give 2 for"), error.getMessage());
  }

  @Test
  void mergeModeNullGivesBothOutputsWithTheMask() {
    KerasTensor input = Input.of(4, 1);
    KerasTensor masked = new Masking(0.0).apply(input);
    List<KerasTensor> outputs = new Bidirectional(new GRU(2).returnSequences(true), null).applyAll(List.of(masked),
        false);
    assertEquals(2, outputs.size());
    assertEquals(Shape.of(Shape.UNKNOWN, 4, 2), outputs.get(0).shape());
    assertTrue(outputs.get(0).mask() != null && outputs.get(1).mask() != null);
    KerasTensor last = new Bidirectional(new GRU(2), "ave").apply(masked);
    assertNull(last.mask());
    assertEquals(Shape.of(Shape.UNKNOWN, 2), last.shape());
  }

  /**
   * The summary row of a layer with several outputs lists them all as Keras does, wrapped at spaces
   * in the Output Shape column (Keras's Sequential table; jkeras's Functional table, whose column is
   * narrower, wraps the same text into more lines).
   */
  @Test
  void summaryListsEveryOutputAsKerasDoes() {
    dev.jkeras.testing.KerasOracle.assumeAvailable();
    @SuppressWarnings("unchecked")
    java.util.Map<String, List<String>> keras = (java.util.Map<String, List<String>>) (Object)
        dev.jkeras.saving.Json.parse(dev.jkeras.testing.KerasOracle.run("summary_tables.py"), "summary_tables.py");
    List<String> list = summaryRows(new Bidirectional(new SimpleRNN(2), null).name("bi_list"));
    assertEquals(outputShapeText(keras.get("bidirectional_list")), outputShapeText(list));
    assertEquals("[(None, 2), (None, 2)]", outputShapeText(list));
    List<String> states = summaryRows(new Bidirectional(new LSTM(3).returnSequences(true).returnState(true), null)
        .name("bi_states"));
    assertEquals(outputShapeText(keras.get("bidirectional_states")), outputShapeText(states));
    assertTrue(states.size() > 1 && states.stream().allMatch(line -> line.length() == states.get(0).length()),
        "wrapped onto lines of the table's width:\n" + String.join("\n", states));
  }

  /** The summary lines of the layer's row (the one after the input layer's) in a Functional model. */
  private static List<String> summaryRows(Layer layer) {
    KerasTensor x = Input.of(4, 2);
    try (Model model = new Model(List.of(x), layer.applyAll(List.of(x), false))) {
      List<String> lines = new ArrayList<>();
      model.summary(lines::add);
      int start = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(layer.name() + " (")) {
          start = i;
        }
      }
      int end = start;
      while (lines.get(end).startsWith("│")) {
        end++;
      }
      return lines.subList(start, end);
    }
  }

  /** The Output Shape column of a row's lines, joined by spaces. */
  private static String outputShapeText(List<String> rowLines) {
    return String.join(" ", rowLines.stream().map(line -> line.split("│")[2].trim()).filter(t -> !t.isEmpty())
        .toList());
  }

  @Test
  void initialWeightsAreSetWhenBuilt() {
    Bidirectional template = new Bidirectional(new SimpleRNN(2));
    try (Sequential first = new Sequential(template.inputShape(3, 1))) {
      first.build(3, 1);
      List<NdArray<?>> weights = template.getWeights();
      Bidirectional copy = new Bidirectional(new SimpleRNN(2), "concat", null, weights);
      try (Sequential second = new Sequential(copy.inputShape(3, 1))) {
        second.build(3, 1);
        assertEquals(weights, copy.getWeights());
      }
    }
  }

  // ------------------------------------------------------------------ training and saving

  /** Is the first step larger than the last? Needs both directions' ends; a small Bidirectional LSTM learns it. */
  @Test
  void bidirectionalLstmTrains() {
    int n = 256;
    FloatNdArray x = random(new Random(42), n, 6, 1);
    FloatNdArray y = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(n, 1));
    for (int i = 0; i < n; i++) {
      y.setFloat(x.getFloat(i, 0, 0) > x.getFloat(i, 5, 0) ? 1 : 0, i, 0);
    }
    try (Model model = new Sequential(new Bidirectional(new LSTM(6)).inputShape(6, 1), new Dense(1, "sigmoid"))) {
      model.compile(new Adam(0.02), "binary_crossentropy", "accuracy");
      var history = model.fit(x, y, f -> f.epochs(12).batchSize(32).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < 0.6 * loss.get(0), "loss " + loss);
      assertTrue(history.history().get("accuracy").get(loss.size() - 1) > 0.85, history.history().toString());
    }
  }

  @Test
  void savedInKerasLayoutAndLoadedBack() throws Exception {
    FloatNdArray x = random(new Random(8), 3, 4, 2);
    Path file = dir.resolve("wrappers.keras");
    try (Model model = new Sequential(new TimeDistributed(new Dense(3)).inputShape(4, 2),
        new Bidirectional(new GRU(2).returnSequences(true), "mul",
            new GRU(2, "relu").returnSequences(true).goBackwards(true).name("back")),
        new Bidirectional(new LSTM(2)), new Dense(1))) {
      FloatNdArray predicted = model.predict(x, p -> p.verbose(0));
      model.save(file);
      var weights = KerasArchive.read(file).weights();
      assertEquals(2, weights.get("layers/time_distributed/layer").values().size());
      assertEquals(3, weights.get("layers/bidirectional/forward_layer/cell").values().size());
      assertEquals(3, weights.get("layers/bidirectional/backward_layer/cell").values().size());
      assertEquals(3, weights.get("layers/bidirectional_1/backward_layer/cell").values().size());
      try (Model loaded = Models.loadModel(file)) {
        Bidirectional gru = (Bidirectional) loaded.layers().get(1);
        assertEquals("back", gru.backwardLayer().name());
        assertEquals("relu", ((GRU) gru.backwardLayer()).activationName());
        assertEquals("mul", gru.mergeMode());
        assertTrue(((GRU) gru.forwardLayer()).zeroOutputForMask());
        assertEquals(model.countParams(), loaded.countParams());
        assertClose(predicted, loaded.predict(x, p -> p.verbose(0)));
      }
      Path weightsFile = dir.resolve("wrappers.weights.h5");
      model.saveWeights(weightsFile);
      try (Model other = new Sequential(new TimeDistributed(new Dense(3)).inputShape(4, 2),
          new Bidirectional(new GRU(2).returnSequences(true), "mul",
              new GRU(2, "relu").returnSequences(true).goBackwards(true)),
          new Bidirectional(new LSTM(2)), new Dense(1))) {
        other.build(4, 2);
        other.loadWeights(weightsFile);
        assertClose(predicted, other.predict(x, p -> p.verbose(0)));
      }
    }
  }

  @Test
  void frozenWrapperHasNoTrainableWeights() {
    Bidirectional bi = new Bidirectional(new SimpleRNN(2));
    try (Sequential model = new Sequential(bi.inputShape(3, 1))) {
      model.build(3, 1);
      assertEquals(6, bi.trainableWeights().size());
      bi.trainable(false);
      assertEquals(0, bi.trainableWeights().size());
      assertEquals(6, bi.nonTrainableWeights().size());
      assertEquals(2 * (2 * 1 + 2 * 2 + 2), bi.countParams());
    }
  }

  // ------------------------------------------------------------------ hostile arguments

  @Test
  void bidirectionalRefusesWhatKerasRefuses() {
    IllegalArgumentException notRecurrent = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new Dense(2)));
    assertTrue(notRecurrent.getMessage().contains("recurrent layer (SimpleRNN, LSTM, GRU or RNN)"), notRecurrent.getMessage());
    assertTrue(notRecurrent.getMessage().contains("TimeDistributed"), notRecurrent.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Bidirectional(null));
    assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "concat", new Dense(2)));

    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(2), "max"));
    assertTrue(mode.getMessage().contains("Invalid merge mode. Received: max"), mode.getMessage());

    IllegalArgumentException direction = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(2), "concat", new LSTM(2)));
    assertTrue(direction.getMessage().contains("different `go_backwards`"), direction.getMessage());
    IllegalArgumentException goingBackwards = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(2).goBackwards(true)));
    assertTrue(goingBackwards.getMessage().contains("different `go_backwards`"), goingBackwards.getMessage());

    IllegalArgumentException sequences = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(2), "sum", new LSTM(2).goBackwards(true).returnSequences(true)));
    assertTrue(sequences.getMessage().contains("\"return_sequences\""), sequences.getMessage());
    IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new GRU(2), "sum", new GRU(2).goBackwards(true).returnState(true)));
    assertTrue(state.getMessage().contains("\"return_state\""), state.getMessage());
  }

  @Test
  void hostileConfigsAreClearErrors() {
    var badMode = new java.util.LinkedHashMap<String, Object>();
    badMode.put("merge_mode", 3);
    badMode.put("layer", dev.jkeras.saving.Serialization.serialize(new LSTM(2)));
    IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
        () -> Layers.deserialize(java.util.Map.of("class_name", "Bidirectional", "module", "keras.layers",
            "config", badMode)));
    assertTrue(mode.getMessage().contains("merge_mode"), mode.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> Layers.deserialize(java.util.Map.of("class_name", "TimeDistributed", "module", "keras.layers",
            "config", java.util.Map.of("name", "td"))));
    assertTrue(missing.getMessage().contains("'layer'"), missing.getMessage());
    var dense = new java.util.LinkedHashMap<String, Object>();
    dense.put("merge_mode", "concat");
    dense.put("layer", dev.jkeras.saving.Serialization.serialize(new Dense(2)));
    assertThrows(IllegalArgumentException.class, () -> Layers.deserialize(java.util.Map.of("class_name",
        "Bidirectional", "module", "keras.layers", "config", dense)));
  }

  // ------------------------------------------------------------------ helpers

  /** Reverses axis 1, as Keras's Bidirectional reverses the backward layer's sequence. */
  private static final class FlipTime extends Layer {
    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return Ops.flip(inputs, 1);
    }
  }

  private static FloatNdArray random(Random random, int... dims) {
    FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(java.util.Arrays.stream(dims)
        .asLongStream().toArray()));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    return x;
  }

  private static void assertClose(FloatNdArray expected, FloatNdArray actual) {
    assertEquals(expected.shape(), actual.shape());
    float[] e = new float[Math.toIntExact(expected.size())];
    float[] a = new float[e.length];
    int[] i = {0};
    expected.scalars().forEach(s -> e[i[0]++] = s.getFloat());
    i[0] = 0;
    actual.scalars().forEach(s -> a[i[0]++] = s.getFloat());
    for (int k = 0; k < e.length; k++) {
      assertEquals(e[k], a[k], 1e-4 + 1e-4 * Math.abs(e[k]), "element " + k);
    }
  }
}
