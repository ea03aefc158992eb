package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.testing.Conformance;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * The ops a layer trains through have TensorFlow gradients (composed of differentiable kernels
 * where TensorFlow's C++ registry lacks one, as for TopKV2 and TensorScatterUpdate), and they equal
 * central finite differences of {@code loss = sum(sin(op(x)))}.
 */
class SequenceOpsGradientTest {
  private static final float[][] X = {{0.9f, -1.3f, 0.4f, 1.7f}, {-0.5f, 0.8f, -1.9f, 0.3f}, {1.4f, 0.2f, 0.7f, -1.2f}};
  private static final double H = 1e-2;

  private static KerasTensor op(String name, KerasTensor x) {
    return switch (name) {
      case "cumsum" -> Ops.cumsum(x, 1);
      case "tile" -> Ops.tile(x, 2, 1);
      case "take_along_axis" -> Ops.takeAlongAxis(x, Ops.convertToTensor(StdArrays.ndCopyOf(
          new int[][] {{3, 0, 0}, {1, -1, 2}, {2, 2, 1}})), 1);
      case "slice" -> Ops.slice(x, new int[] {1, 1}, new int[] {2, 2});
      case "slice_update" -> Ops.sliceUpdate(x, new int[] {0, 1}, Ops.multiply(Ops.slice(x, new int[] {1, 0},
          new int[] {2, 2}), 3.0));
      case "tril" -> Ops.tril(x, 0);
      case "triu" -> Ops.triu(x, 1);
      case "top_k" -> Ops.topK(x, 2).get(0);
      case "sort" -> Ops.sort(x, 0);
      case "roll" -> Ops.roll(x, 1, -1);
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static KerasTensor loss(String name, KerasTensor x) {
    return Ops.sum(Ops.sin(Ops.multiply(op(name, x), 1.3)));
  }

  private static double eagerLoss(String name, float[][] x) {
    UnaryOperator<KerasTensor> f = t -> loss(name, t);
    NdArray<?> value = Backends.get().eager(() -> List.of(f.apply(Ops.convertToTensor(StdArrays.ndCopyOf(x))))).get(0);
    return Conformance.values(value)[0];
  }

  @ParameterizedTest
  @ValueSource(strings = {"cumsum", "tile", "take_along_axis", "slice", "slice_update", "tril", "triu", "top_k",
      "sort", "roll"})
  void gradientsMatchFiniteDifferences(String name) {
    double[] analytic;
    try (ModelGraph graph = Backends.get().newGraph("grad_" + name)) {
      GraphFunction f = graph.trace(() -> {
        KerasTensor x = Ops.convertToTensor(StdArrays.ndCopyOf(X));
        KerasTensor grad = graph.gradientsOfTensors(loss(name, x), List.of(x)).get(0);
        assertNotNull(grad, name + ": no gradient");
        return graph.function(List.of(), List.of(grad), List.of());
      });
      analytic = Conformance.values(f.call(List.of()).get(0));
    }
    double worst = 0;
    for (int i = 0; i < X.length; i++) {
      for (int j = 0; j < X[i].length; j++) {
        float[][] plus = copy();
        float[][] minus = copy();
        plus[i][j] += (float) H;
        minus[i][j] -= (float) H;
        double numeric = (eagerLoss(name, plus) - eagerLoss(name, minus)) / (plus[i][j] - (double) minus[i][j]);
        double error = Math.abs(analytic[i * X[i].length + j] - numeric) / Math.max(1, Math.abs(numeric));
        worst = Math.max(worst, error);
      }
    }
    assertTrue(worst < 2e-3, name + ": worst relative gradient error " + worst);
  }

  private static float[][] copy() {
    float[][] c = new float[X.length][];
    for (int i = 0; i < X.length; i++) {
      c[i] = X[i].clone();
    }
    return c;
  }
}
