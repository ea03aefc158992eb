package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.models.Model;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/** Embedding: lookup, gradient, mask and training. */
class EmbeddingTest {
  private static final int[][] INDICES = {{1, 4, 0}, {4, 4, 2}};
  private static final float[][] TABLE = {
      {0.0f, 0.1f}, {1.0f, 1.1f}, {2.0f, 2.1f}, {3.0f, 3.1f}, {4.0f, 4.1f}};

  @Test
  void looksUpRowsAndTheirGradientSumsOverRepeatedIndices() {
    float[][][] c = {{{1, 2}, {3, 4}, {5, 6}}, {{-1, 0.5f}, {2, -3}, {7, 8}}};
    try (ModelGraph graph = Backends.get().newGraph("embedding_gradient")) {
      Embedding[] layer = new Embedding[1];
      GraphFunction f = graph.trace(() -> {
        layer[0] = new Embedding(5, 2);
        KerasTensor y = layer[0].apply(Ops.convertToTensor(StdArrays.ndCopyOf(INDICES)));
        assertEquals(Shape.of(2, 3, 2), y.shape());
        KerasTensor loss = Ops.sum(Ops.multiply(y, Ops.convertToTensor(StdArrays.ndCopyOf(c))));
        KerasTensor gradient = graph.gradients(loss, layer[0].weights()).get(0);
        assertNotNull(gradient);
        return graph.function(List.of(), List.of(y, gradient), List.of());
      });
      layer[0].setWeights(List.of(StdArrays.ndCopyOf(TABLE)));
      List<NdArray<?>> out = f.call(List.of());
      float[][][] y = StdArrays.array3dCopyOf((FloatNdArray) out.get(0));
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 3; t++) {
          assertArrayEquals(TABLE[INDICES[b][t]], y[b][t]);
        }
      }
      float[][] expected = new float[5][2];
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 3; t++) {
          for (int d = 0; d < 2; d++) {
            expected[INDICES[b][t]][d] += c[b][t][d];
          }
        }
      }
      float[][] gradient = StdArrays.array2dCopyOf((FloatNdArray) out.get(1));
      for (int r = 0; r < 5; r++) {
        assertArrayEquals(expected[r], gradient[r], 1e-6f, "row " + r);
      }
    }
  }

  @Test
  void maskZeroMarksPadding() {
    NdArray<?> mask = Backends.get().eager(() -> {
      KerasTensor x = Ops.convertToTensor(StdArrays.ndCopyOf(INDICES));
      assertNull(new Embedding(5, 2).computeMask(x));
      return List.of(new Embedding(5, 2).maskZero(true).computeMask(x));
    }).get(0);
    boolean[][] m = StdArrays.array2dCopyOf((BooleanNdArray) mask);
    assertArrayEquals(new boolean[] {true, true, false}, m[0]);
    assertArrayEquals(new boolean[] {true, true, true}, m[1]);
  }

  @Test
  void trainsInAModelWithIntegerInputs() {
    var input = Input.of("int32", 3);
    var embedded = new Embedding(5, 4).apply(input);
    var output = new Dense(1).apply(new Flatten().apply(embedded));
    try (Model model = new Model(input, output)) {
      model.compile(new SGD(0.1), "mse");
      int[][] x = {{1, 2, 3}, {4, 0, 1}, {2, 2, 2}, {3, 4, 0}};
      float[][] y = {{1}, {-1}, {0.5f}, {2}};
      var history = model.fit(StdArrays.ndCopyOf(x), StdArrays.ndCopyOf(y), f -> f.epochs(20).batchSize(4).verbose(0));
      List<Double> loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 2, "loss falls: " + loss);
      assertEquals(20 + 12 + 1, model.countParams());
      Map<String, Object> config = model.getLayer(model.layers().get(1).name()).getConfig();
      assertEquals(5, config.get("input_dim"));
    }
  }
}
