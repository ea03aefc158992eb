package dev.jkeras.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.backend.Backends;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Each activation added from Keras 3's list equals its formula (Keras 3's TensorFlow backend). */
class ActivationFormulasTest {
  private static final float[] X = {-7f, -3.5f, -1.2f, -1f, -0.6f, -0.3f, 0f, 0.2f, 0.5f, 0.9f, 1f, 2.5f, 4f, 8f};

  private static double softplus(double x) {
    return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
  }

  private static double relu6(double x) {
    return Math.min(Math.max(x, 0), 6);
  }

  private static final Map<String, DoubleUnaryOperator> FORMULAS = Map.ofEntries(
      Map.entry("relu6", ActivationFormulasTest::relu6),
      Map.entry("mish", x -> x * Math.tanh(softplus(x))),
      Map.entry("hard_sigmoid", x -> relu6(x + 3) / 6),
      Map.entry("hard_silu", x -> x * relu6(x + 3) / 6),
      Map.entry("hard_swish", x -> x * relu6(x + 3) / 6),
      Map.entry("exponential", Math::exp),
      Map.entry("softsign", x -> x / (Math.abs(x) + 1)),
      Map.entry("log_sigmoid", x -> -softplus(-x)),
      Map.entry("hard_tanh", x -> Math.max(-1, Math.min(1, x))),
      Map.entry("tanh_shrink", x -> x - Math.tanh(x)),
      Map.entry("celu", x -> Math.max(x, 0) + Math.expm1(Math.min(x, 0))),
      Map.entry("soft_shrink", x -> x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0),
      Map.entry("hard_shrink", x -> Math.abs(x) > 0.5 ? x : 0),
      Map.entry("squareplus", x -> (x + Math.sqrt(x * x + 4)) / 2),
      Map.entry("sparse_plus", x -> x <= -1 ? 0 : x < 1 ? (x + 1) * (x + 1) / 4 : x),
      Map.entry("sparse_sigmoid", x -> x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2));

  @ParameterizedTest
  @ValueSource(strings = {"relu6", "mish", "hard_sigmoid", "hard_silu", "hard_swish", "exponential", "softsign",
      "log_sigmoid", "hard_tanh", "tanh_shrink", "celu", "soft_shrink", "hard_shrink", "squareplus", "sparse_plus",
      "sparse_sigmoid"})
  void elementWiseActivationMatchesItsFormula(String name) {
    ActivationFunction activation = Activations.get(name);
    float[] y = StdArrays.array1dCopyOf((FloatNdArray) Backends.get().eager(
        () -> List.of(activation.apply(Ops.convertToTensor(NdArrays.vectorOf(X))))).get(0));
    DoubleUnaryOperator formula = FORMULAS.get(name);
    for (int i = 0; i < X.length; i++) {
      double expected = formula.applyAsDouble(X[i]);
      assertEquals(expected, y[i], 1e-6 * Math.max(1, Math.abs(expected)), name + "(" + X[i] + ")");
    }
  }

  @Test
  void logSoftmaxIsTheLogOfSoftmaxOverTheLastAxis() {
    float[][] x = {{1, 2, 3}, {-1, 0, 5}};
    float[][] y = StdArrays.array2dCopyOf((FloatNdArray) Backends.get().eager(
        () -> List.of(Activations.get("log_softmax").apply(Ops.convertToTensor(StdArrays.ndCopyOf(x))))).get(0));
    for (int i = 0; i < 2; i++) {
      double sum = 0;
      for (float v : x[i]) {
        sum += Math.exp(v);
      }
      for (int j = 0; j < 3; j++) {
        assertEquals(x[i][j] - Math.log(sum), y[i][j], 1e-6);
      }
    }
  }

  @Test
  void unknownNameListsTheValidOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Activations.get("hard_sigmod"));
    assertTrue(e.getMessage().contains("hard_sigmoid"), e.getMessage());
  }
}
