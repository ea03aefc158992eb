package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.saving.KerasArchive;
import dev.jkeras.testing.Conformance;
import dev.jkeras.testing.KerasOracle;
import dev.jkeras.testing.Npy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/**
 * {@code Bidirectional(RNN(cell))}, as Keras allows: it equals the forward RNN and the goBackwards RNN
 * built separately (outputs and one training step), on known and unknown lengths, and its
 * {@code .keras} file loads back in jkeras and in real Keras with the same predictions.
 */
class BidirectionalRNNTest {
  @TempDir
  Path dir;

  /** Reverses axis 1, as Keras's Bidirectional reverses the backward layer's sequence. */
  private static final class FlipTime extends Layer {
    @Override
    protected KerasTensor call(KerasTensor inputs, boolean training) {
      return Ops.flip(inputs, 1);
    }
  }

  private static RNN stacked() {
    return new RNN(new StackedRNNCells(new GRUCell(3), new LSTMCell(2))).returnSequences(true);
  }

  private static FloatNdArray random(Random random, int... dims) {
    FloatNdArray x = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(java.util.Arrays.stream(dims)
        .asLongStream().toArray()));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    return x;
  }

  /** Unrolled (5 known steps) and as the while loop (unknown length). */
  @ParameterizedTest
  @ValueSource(ints = {5, -1})
  void bidirectionalRnnOfCellsEqualsTheTwoRnnsAndTheirTraining(int steps) {
    FloatNdArray x = random(new Random(1), 6, 5, 3);
    FloatNdArray target = random(new Random(2), 6, 5, 4);
    KerasTensor input = Input.of(steps, 3);
    Bidirectional bi = new Bidirectional(stacked());
    KerasTensor separateInput = Input.of(steps, 3);
    RNN forward = stacked();
    RNN backward = stacked().goBackwards(true);
    KerasTensor both = Layers.concatenate(forward.apply(separateInput),
        new FlipTime().apply(backward.apply(separateInput)));
    try (Model wrapped = new Model(input, bi.apply(input)); Model separate = new Model(separateInput, both)) {
      assertTrue(bi.forwardLayer() instanceof RNN, bi.forwardLayer().getClass().getName());
      assertTrue(bi.forwardLayer().name().startsWith("forward_rnn"), bi.forwardLayer().name());
      assertTrue(((RNN) bi.backwardLayer()).goBackwards());
      assertEquals(((RNN) bi.backwardLayer()).runsAsWhileLoop(steps < 0 ? dev.jkeras.Shape.UNKNOWN : steps),
          steps < 0);
      forward.setWeights(bi.forwardLayer().getWeights());
      backward.setWeights(bi.backwardLayer().getWeights());
      Conformance.assertClose(separate.predict(x, p -> p.verbose(0)), wrapped.predict(x, p -> p.verbose(0)), 1e-5,
          1e-5, "Bidirectional(RNN(stacked cells))");

      List<NdArray<?>> before = bi.getWeights();
      wrapped.compile(new SGD(0.5), "mse");
      separate.compile(new SGD(0.5), "mse");
      wrapped.fit(x, target, f -> f.epochs(1).batchSize(6).shuffle(false).verbose(0));
      separate.fit(x, target, f -> f.epochs(1).batchSize(6).shuffle(false).verbose(0));
      List<NdArray<?>> after = bi.getWeights();
      List<NdArray<?>> expected = new ArrayList<>(forward.getWeights());
      expected.addAll(backward.getWeights());
      assertEquals(12, after.size(), "kernel, recurrent_kernel and bias of two cells, in each direction");
      for (int i = 0; i < after.size(); i++) {
        Conformance.assertClose(expected.get(i), after.get(i), 1e-5, 1e-5, "weight " + i + " after one step");
        assertFalse(before.get(i).equals(after.get(i)), "weight " + i + " got no gradient");
      }
    }
  }

  @Test
  void savedInKerasLayoutLoadedBackAndByKeras() throws Exception {
    FloatNdArray x = random(new Random(3), 4, 6, 3);
    Path file = dir.resolve("bidirectional_rnn.keras");
    try (Model model = new Sequential(Input.of(-1, 3), new Bidirectional(stacked(), "sum"),
        new Bidirectional(new RNN(new LSTMCell(2)), "concat",
            new RNN(new GRUCell(2)).goBackwards(true).name("back")), new Dense(1))) {
      FloatNdArray predicted = model.predict(x, p -> p.verbose(0));
      model.save(file);
      var weights = KerasArchive.read(file).weights();
      assertEquals(3, weights.get("layers/bidirectional/forward_layer/cell/cells/gru_cell").values().size());
      assertEquals(3, weights.get("layers/bidirectional/backward_layer/cell/cells/lstm_cell").values().size());
      assertEquals(3, weights.get("layers/bidirectional_1/backward_layer/cell").values().size());
      try (Model loaded = Models.loadModel(file)) {
        Bidirectional second = (Bidirectional) loaded.layers().get(1);
        assertEquals("back", second.backwardLayer().name());
        assertTrue(((RNN) second.backwardLayer()).cell() instanceof GRUCell);
        assertEquals(model.countParams(), loaded.countParams());
        Conformance.assertClose(predicted, loaded.predict(x, p -> p.verbose(0)), 1e-6, 1e-6, "loaded back");
      }
      KerasOracle.assumeAvailable();
      Npy.write(dir.resolve("x.npy"), x);
      Map<String, String> printed = KerasOracle.printedValues("import keras_env, keras, numpy as np\n"
          + "m = keras.models.load_model('" + file + "')\n"
          + "print('@@kinds=' + ','.join(type(l.forward_layer).__name__ + '/' + type(l.forward_layer.cell).__name__ "
          + "for l in m.layers[:2]))\n"
          + "np.save('" + dir.resolve("keras_y.npy") + "', m.predict(np.load('" + dir.resolve("x.npy") + "'), verbose=0))\n"
          + "print('@@ok=1')\n");
      assertEquals("1", printed.get("ok"), printed.toString());
      assertEquals("RNN/StackedRNNCells,RNN/LSTMCell", printed.get("kinds"));
      Conformance.assertClose(Npy.read(dir.resolve("keras_y.npy")), predicted, 1e-5, 1e-5, "Keras's prediction");
    }
  }

  /** The copies are made from the config, as in Keras: an unregistered user cell is a clear error. */
  @Test
  void anUnregisteredUserCellIsAClearError() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new RNN(new RNNCellsTest.MinimalRNNCell(2))));
    assertTrue(e.getMessage().contains("from the config of layer") && e.getMessage().contains("MinimalRNNCell")
        && e.getMessage().contains("@RegisterSerializable"), e.getMessage());
  }
}
