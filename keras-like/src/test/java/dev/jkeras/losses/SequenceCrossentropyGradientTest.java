package dev.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.layers.Dense;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * The gradient of a sparse categorical cross-entropy over time steps (predictions of rank 3, as a
 * sequence model's softmax over its vocabulary at every step) equals central finite differences:
 * TensorFlow's own graph gradient of LogSoftmax is right for matrices only, so jkeras runs LogSoftmax
 * on higher ranks as a matrix.
 */
class SequenceCrossentropyGradientTest {
  private static final float H = 1e-2f;

  @ParameterizedTest
  @ValueSource(strings = {"softmax", "logits"})
  void gradientsOverTimeStepsMatchFiniteDifferences(String output) {
    Random random = new Random(3);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 3, 4));
    x.scalars().forEach(s -> s.setFloat((float) random.nextGaussian()));
    IntNdArray y = StdArrays.ndCopyOf(new int[][] {{1, 2, 0}, {3, 4, 1}});
    boolean logits = output.equals("logits");
    try (ModelGraph graph = Backends.get().newGraph("sequence_crossentropy")) {
      Dense[] dense = new Dense[1];
      GraphFunction f = graph.trace(() -> {
        dense[0] = logits ? new Dense(5) : new Dense(5, "softmax");
        KerasTensor predictions = dense[0].apply(Ops.convertToTensor(x));
        assertEquals(dev.jkeras.Shape.of(2, 3, 5), Ops.logSoftmax(predictions, -1).shape(), "static shape kept");
        KerasTensor loss = Ops.mean(new SparseCategoricalCrossentropy(logits).call(Ops.convertToTensor(y),
            predictions));
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(loss);
        outputs.addAll(graph.gradients(loss, dense[0].weights()));
        return graph.function(List.of(), outputs, List.of());
      });
      FloatNdArray kernel = (FloatNdArray) dense[0].getWeights().get(0);
      NdArray<?> bias = dense[0].getWeights().get(1);
      FloatNdArray gradient = (FloatNdArray) f.call(List.of()).get(1);
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 5; j++) {
          float original = kernel.getFloat(i, j);
          kernel.setFloat(original + H, i, j);
          double plus = loss(dense[0], f, kernel, bias);
          kernel.setFloat(original - H, i, j);
          double minus = loss(dense[0], f, kernel, bias);
          kernel.setFloat(original, i, j);
          double numeric = (plus - minus) / ((double) (original + H) - (double) (original - H));
          double analytic = gradient.getFloat(i, j);
          assertTrue(Math.abs(analytic - numeric) < 2e-3 * Math.max(1, Math.abs(numeric)),
              output + " d loss / d kernel[" + i + "][" + j + "]: analytic " + analytic + ", finite difference "
                  + numeric);
        }
      }
    }
  }

  private static double loss(Dense dense, GraphFunction f, FloatNdArray kernel, NdArray<?> bias) {
    dense.setWeights(List.of(kernel, bias));
    return ((Number) f.call(List.of()).get(0).getObject()).doubleValue();
  }
}
