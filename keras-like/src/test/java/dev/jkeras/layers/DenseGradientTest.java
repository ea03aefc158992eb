package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.activations.ActivationFunction;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * The gradients TensorFlow computes through {@code Dense} with each Keras activation equal central
 * finite differences of the loss {@code sum(c * dense(x))}.
 */
class DenseGradientTest {
  private static final int SAMPLES = 4;
  private static final int FEATURES = 5;
  private static final int UNITS = 3;
  private static final float H = 1e-2f;
  /**
   * Relative (to max(1, |numeric|)) error allowed between analytic and finite-difference gradients.
   * The O(h^2) truncation and float32 rounding stay below 2e-4 on this data; a wrong or missing
   * derivative (e.g. another leaky slope, a dropped term) is off by far more. The forward formulas
   * themselves are checked by {@link #outputsMatchKerasFormulas}.
   */
  private static final double TOLERANCE = 2e-3;

  /** Inputs in [-2, 2], none near zero. */
  private static final float[][] X = {
      {0.9f, -1.3f, 0.4f, 1.7f, -0.6f},
      {-0.5f, 0.8f, -1.9f, 0.3f, 1.1f},
      {1.4f, 0.2f, 0.7f, -1.2f, -0.9f},
      {-1.6f, -0.4f, 1.0f, 0.6f, 0.5f}};
  private static final float[][] KERNEL = {
      {0.5f, -0.3f, 0.8f},
      {-0.7f, 0.2f, 0.4f},
      {0.1f, 0.6f, -0.5f},
      {0.3f, -0.8f, 0.2f},
      {-0.4f, 0.5f, 0.7f}};
  private static final float[] BIAS = {0.15f, -0.1f, 0.2f};
  /** The loss weights each output: {@code loss = sum(C * y)}. */
  private static final float[][] C = {
      {1.0f, -0.5f, 0.3f},
      {-0.7f, 1.2f, 0.4f},
      {0.6f, 0.2f, -1.1f},
      {-0.3f, -0.9f, 0.8f}};

  /** x . W + b in float64. */
  private static double[][] preActivations(float[][] kernel, float[] bias) {
    double[][] z = new double[SAMPLES][UNITS];
    for (int i = 0; i < SAMPLES; i++) {
      for (int k = 0; k < UNITS; k++) {
        z[i][k] = bias[k];
        for (int j = 0; j < FEATURES; j++) {
          z[i][k] += (double) X[i][j] * kernel[j][k];
        }
      }
    }
    return z;
  }

  @ParameterizedTest
  @ValueSource(strings = {"linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "elu", "selu", "gelu",
      "swish", "silu", "leaky_relu", "relu6", "mish", "hard_sigmoid", "hard_silu", "exponential", "log_softmax",
      "softsign", "log_sigmoid", "tanh_shrink", "celu", "squareplus"})
  void gradientsMatchFiniteDifferences(String activation) {
    checkGradients(activation, () -> new Dense(UNITS, activation));
  }

  /**
   * Activations reachable through {@link Ops} with non-default parameters, whose gradients go through
   * other TensorFlow ops: Select (elu with alpha != 1), LeakyRelu with another slope, Pow (tanh
   * approximation of gelu).
   */
  @ParameterizedTest
  @ValueSource(strings = {"elu_alpha_0.5", "leaky_relu_0.1", "gelu_approximate"})
  void parameterizedActivationGradientsMatchFiniteDifferences(String variant) {
    ActivationFunction function = switch (variant) {
      case "elu_alpha_0.5" -> x -> Ops.elu(x, 0.5);
      case "leaky_relu_0.1" -> x -> Ops.leakyRelu(x, 0.1);
      case "gelu_approximate" -> x -> Ops.gelu(x, true);
      default -> throw new IllegalArgumentException(variant);
    };
    checkGradients(variant, () -> new Dense(UNITS).activation(function));
  }

  private void checkGradients(String activation, Supplier<Dense> factory) {
    // Perturbing one weight by h moves a pre-activation by at most h * max|x| = 0.019 (bias: h); with
    // all |z| above that, no difference crosses the kinks of relu, leaky_relu, elu or selu at 0.
    double[][] z = preActivations(KERNEL, BIAS);
    double smallest = Double.MAX_VALUE;
    for (double[] row : z) {
      for (double v : row) {
        smallest = Math.min(smallest, Math.abs(v));
      }
    }
    assertTrue(smallest > 0.05, "test data must keep pre-activations away from 0, smallest |z| " + smallest);

    try (ModelGraph graph = Backends.get().newGraph("grad_" + activation)) {
      Dense[] dense = new Dense[1];
      GraphFunction f = graph.trace(() -> {
        dense[0] = factory.get();
        KerasTensor x = Ops.convertToTensor(StdArrays.ndCopyOf(X));
        KerasTensor y = dense[0].apply(x);
        KerasTensor loss = Ops.sum(Ops.multiply(y, Ops.convertToTensor(StdArrays.ndCopyOf(C))));
        List<KerasTensor> grads = graph.gradients(loss, dense[0].weights());
        List<KerasTensor> outputs = new ArrayList<>();
        outputs.add(loss);
        for (KerasTensor g : grads) {
          assertNotNull(g, activation + ": no gradient for a weight");
          outputs.add(g);
        }
        return graph.function(List.of(), outputs, List.of());
      });
      Dense layer = dense[0];
      assertEquals(2, layer.weights().size());

      float[][] kernel = copy(KERNEL);
      float[] bias = BIAS.clone();
      layer.setWeights(List.of(StdArrays.ndCopyOf(kernel), NdArrays.vectorOf(bias)));
      List<NdArray<?>> results = f.call(List.of());
      FloatNdArray kernelGrad = (FloatNdArray) results.get(1);
      FloatNdArray biasGrad = (FloatNdArray) results.get(2);

      double worst = 0;
      for (int j = 0; j < FEATURES; j++) {
        for (int k = 0; k < UNITS; k++) {
          float original = kernel[j][k];
          kernel[j][k] = original + H;
          double plus = loss(layer, f, kernel, bias);
          kernel[j][k] = original - H;
          double minus = loss(layer, f, kernel, bias);
          kernel[j][k] = original;
          double numeric = (plus - minus) / ((double) (original + H) - (double) (original - H));
          double analytic = kernelGrad.getFloat(j, k);
          worst = Math.max(worst, check(activation, "kernel[" + j + "][" + k + "]", analytic, numeric));
        }
      }
      for (int k = 0; k < UNITS; k++) {
        float original = bias[k];
        bias[k] = original + H;
        double plus = loss(layer, f, kernel, bias);
        bias[k] = original - H;
        double minus = loss(layer, f, kernel, bias);
        bias[k] = original;
        double numeric = (plus - minus) / ((double) (original + H) - (double) (original - H));
        double analytic = biasGrad.getFloat(k);
        worst = Math.max(worst, check(activation, "bias[" + k + "]", analytic, numeric));
      }
      assertTrue(worst < TOLERANCE, activation + " worst error " + worst);
    }
  }

  // ---------------------------------------------------------------- forward values

  /** Keras 3's activation formulas, element-wise (softmax is handled per row). */
  private static double activate(String activation, double z) {
    double selfAlpha = 1.6732632423543772848170429916717;
    double selfScale = 1.0507009873554804934193349852946;
    return switch (activation) {
      case "linear" -> z;
      case "relu" -> Math.max(z, 0);
      case "sigmoid" -> 1 / (1 + Math.exp(-z));
      case "tanh" -> Math.tanh(z);
      case "softplus" -> Math.log1p(Math.exp(z));
      case "elu" -> z > 0 ? z : Math.expm1(z);
      case "selu" -> selfScale * (z > 0 ? z : selfAlpha * Math.expm1(z));
      case "gelu" -> 0.5 * z * (1 + erf(z / Math.sqrt(2)));
      case "swish", "silu" -> z / (1 + Math.exp(-z));
      case "leaky_relu" -> z > 0 ? z : 0.2 * z;
      default -> throw new IllegalArgumentException(activation);
    };
  }

  /** erf by its Taylor series, accurate to ~1e-13 for |x| < 3. */
  private static double erf(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; n < 60; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return 2 / Math.sqrt(Math.PI) * sum;
  }

  @ParameterizedTest
  @ValueSource(strings = {"linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "elu", "selu", "gelu",
      "swish", "silu", "leaky_relu"})
  void outputsMatchKerasFormulas(String activation) {
    double[][] z = preActivations(KERNEL, BIAS);
    double[][] expected = new double[SAMPLES][UNITS];
    for (int i = 0; i < SAMPLES; i++) {
      if (activation.equals("softmax")) {
        double max = Math.max(z[i][0], Math.max(z[i][1], z[i][2]));
        double total = 0;
        for (int k = 0; k < UNITS; k++) {
          total += Math.exp(z[i][k] - max);
        }
        for (int k = 0; k < UNITS; k++) {
          expected[i][k] = Math.exp(z[i][k] - max) / total;
        }
      } else {
        for (int k = 0; k < UNITS; k++) {
          expected[i][k] = activate(activation, z[i][k]);
        }
      }
    }
    try (ModelGraph graph = Backends.get().newGraph("forward_" + activation)) {
      Dense[] dense = new Dense[1];
      GraphFunction f = graph.trace(() -> {
        dense[0] = new Dense(UNITS, activation);
        KerasTensor y = dense[0].apply(Ops.convertToTensor(StdArrays.ndCopyOf(X)));
        return graph.function(List.of(), List.of(y), List.of());
      });
      dense[0].setWeights(List.of(StdArrays.ndCopyOf(KERNEL), NdArrays.vectorOf(BIAS)));
      FloatNdArray y = (FloatNdArray) f.call(List.of()).get(0);
      for (int i = 0; i < SAMPLES; i++) {
        for (int k = 0; k < UNITS; k++) {
          assertEquals(expected[i][k], y.getFloat(i, k), 1e-5 * Math.max(1, Math.abs(expected[i][k])),
              activation + " output [" + i + "][" + k + "] for z=" + z[i][k]);
        }
      }
    }
  }

  /** The error relative to max(1, |numeric|); fails above {@link #TOLERANCE}. */
  private static double check(String activation, String what, double analytic, double numeric) {
    double error = Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric));
    assertTrue(error < TOLERANCE, activation + " d loss / d " + what + ": analytic " + analytic + ", finite difference "
        + numeric);
    return error;
  }

  private static double loss(Dense layer, GraphFunction f, float[][] kernel, float[] bias) {
    layer.setWeights(List.of(StdArrays.ndCopyOf(kernel), NdArrays.vectorOf(bias)));
    return ((Number) f.call(List.of()).get(0).getObject()).doubleValue();
  }

  private static float[][] copy(float[][] m) {
    float[][] out = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }
}
