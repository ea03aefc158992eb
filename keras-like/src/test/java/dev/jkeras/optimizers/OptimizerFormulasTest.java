package dev.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.models.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Each optimizer's steps equal Keras 3's update rules, simulated in plain Java (float64) on a linear
 * model {@code x . w} trained with mean squared error, one full-batch step per epoch.
 */
class OptimizerFormulasTest {
  private static final int STEPS = 3;

  private static final double[][] X = {
      {1.0, -2.0, 0.5},
      {0.3, 0.8, -1.2},
      {-1.5, 0.4, 2.0},
      {2.2, -0.7, 0.1}};
  private static final double[] Y = {1.5, -0.4, 0.9, 2.0};
  private static final double[] W0 = {0.2, -0.5, 0.7};

  /** One step of an update rule, in place, with its own state; {@code t} is 1-based. */
  private interface Rule {
    void step(double[] w, double[] g, int t);
  }

  // ---------------------------------------------------------------- the Keras 3 rules

  private static Rule sgd(double lr) {
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
      }
    };
  }

  private static Rule momentum(double lr, double mu, boolean nesterov) {
    double[] m = new double[W0.length];
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        m[i] = mu * m[i] - lr * g[i];
        w[i] += nesterov ? mu * m[i] - lr * g[i] : m[i];
      }
    };
  }

  private static Rule rmsprop(double lr, double rho, double mu, double eps, boolean centered) {
    double[] v = new double[W0.length];
    double[] avg = new double[W0.length];
    double[] m = new double[W0.length];
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
        double denominator = v[i] + eps;
        if (centered) {
          avg[i] = rho * avg[i] + (1 - rho) * g[i];
          denominator -= avg[i] * avg[i];
        }
        double increment = lr * g[i] / Math.sqrt(denominator);
        if (mu > 0) {
          m[i] = mu * m[i] + increment;
          w[i] -= m[i];
        } else {
          w[i] -= increment;
        }
      }
    };
  }

  private static Rule adam(double lr, double b1, double b2, double eps, boolean amsgrad) {
    double[] m = new double[W0.length];
    double[] v = new double[W0.length];
    double[] vHat = new double[W0.length];
    return (w, g, t) -> {
      double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      for (int i = 0; i < w.length; i++) {
        m[i] += (g[i] - m[i]) * (1 - b1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
        double second = v[i];
        if (amsgrad) {
          vHat[i] = Math.max(vHat[i], v[i]);
          second = vHat[i];
        }
        w[i] -= alpha * m[i] / (Math.sqrt(second) + eps);
      }
    };
  }

  // ---------------------------------------------------------------- simulation and the real thing

  /** The gradient of mean((x.w - y)^2): (2/n) sum_i (x_i.w - y_i) x_i. */
  private static double[] gradient(double[] w) {
    int n = X.length;
    double[] g = new double[w.length];
    for (int s = 0; s < n; s++) {
      double error = -Y[s];
      for (int j = 0; j < w.length; j++) {
        error += X[s][j] * w[j];
      }
      for (int j = 0; j < w.length; j++) {
        g[j] += 2.0 / n * error * X[s][j];
      }
    }
    return g;
  }

  private static double[] simulate(Rule rule) {
    double[] w = W0.clone();
    for (int t = 1; t <= STEPS; t++) {
      rule.step(w, gradient(w), t);
    }
    return w;
  }

  private static float[][] floats(double[][] values) {
    float[][] out = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = new float[values[i].length];
      for (int j = 0; j < values[i].length; j++) {
        out[i][j] = (float) values[i][j];
      }
    }
    return out;
  }

  /** Trains the linear model with {@code optimizer} for {@link #STEPS} full-batch steps; the kernel after. */
  private static double[] train(Optimizer optimizer) {
    double[][] kernel = new double[W0.length][1];
    for (int j = 0; j < W0.length; j++) {
      kernel[j][0] = W0[j];
    }
    double[][] y = new double[Y.length][1];
    for (int s = 0; s < Y.length; s++) {
      y[s][0] = Y[s];
    }
    double learningRate = optimizer.learningRate();
    try (Sequential model = new Sequential(new Dense(1).useBias(false).inputShape(W0.length))) {
      model.setWeights(List.of(StdArrays.ndCopyOf(floats(kernel))));
      model.compile(optimizer, "mse");
      model.fit(StdArrays.ndCopyOf(floats(X)), StdArrays.ndCopyOf(floats(y)),
          f -> f.epochs(STEPS).batchSize(X.length).shuffle(false).verbose(0));
      assertEquals(STEPS, optimizer.iterations(), "optimizer.iterations()");
      // The rate now lives in a float32 graph variable; it reads back unchanged.
      assertEquals(learningRate, optimizer.learningRate(), 1e-7 * learningRate, "optimizer.learningRate()");
      FloatNdArray trained = (FloatNdArray) model.getWeights().get(0);
      double[] w = new double[W0.length];
      for (int j = 0; j < W0.length; j++) {
        w[j] = trained.getFloat(j, 0);
      }
      return w;
    }
  }

  private static void assertMatches(Rule rule, Optimizer optimizer) {
    double[] expected = simulate(rule);
    double[] actual = train(optimizer);
    double moved = 0;
    for (int j = 0; j < W0.length; j++) {
      double tolerance = 1e-5 * Math.max(1.0, Math.abs(expected[j]));
      assertEquals(expected[j], actual[j], tolerance, optimizer + " kernel[" + j + "]: expected "
          + java.util.Arrays.toString(expected) + ", got " + java.util.Arrays.toString(actual));
      moved = Math.max(moved, Math.abs(expected[j] - W0[j]));
    }
    assertTrue(moved > 1e-3, "the test should move the weights measurably, moved " + moved);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void sgd() {
    assertMatches(sgd(0.05), new SGD(0.05));
  }

  @Test
  void sgdWithKerasDefaultLearningRate() {
    assertMatches(sgd(0.01), new SGD());
  }

  @Test
  void sgdMomentum() {
    assertMatches(momentum(0.05, 0.9, false), new SGD(0.05, 0.9, false));
  }

  @Test
  void sgdNesterov() {
    assertMatches(momentum(0.05, 0.9, true), new SGD(0.05, 0.9, true));
  }

  @Test
  void nesterovDiffersFromPlainMomentum() {
    double[] plain = simulate(momentum(0.05, 0.9, false));
    double[] nesterov = simulate(momentum(0.05, 0.9, true));
    assertTrue(Math.abs(plain[0] - nesterov[0]) > 1e-3, "the two rules should be told apart by this data");
  }

  @Test
  void rmsprop() {
    assertMatches(rmsprop(0.01, 0.9, 0, 1e-7, false), new RMSprop(0.01));
  }

  @Test
  void rmspropDefaults() {
    assertMatches(rmsprop(0.001, 0.9, 0, 1e-7, false), new RMSprop());
  }

  @Test
  void rmspropWithMomentum() {
    assertMatches(rmsprop(0.01, 0.8, 0.5, 1e-7, false), new RMSprop(0.01, 0.8, 0.5, 1e-7, false));
  }

  @Test
  void rmspropCentered() {
    assertMatches(rmsprop(0.01, 0.9, 0, 1e-7, true), new RMSprop(0.01, 0.9, 0, 1e-7, true));
  }

  @Test
  void rmspropLargeEpsilonSitsInsideTheSquareRoot() {
    // Keras 3 divides by sqrt(v + eps), not sqrt(v) + eps; a large epsilon tells the two apart.
    assertMatches(rmsprop(0.01, 0.9, 0, 0.5, false), new RMSprop(0.01, 0.9, 0, 0.5, false));
  }

  @Test
  void adam() {
    assertMatches(adam(0.01, 0.9, 0.999, 1e-7, false), new Adam(0.01));
  }

  @Test
  void adamDefaults() {
    assertMatches(adam(0.001, 0.9, 0.999, 1e-7, false), new Adam());
  }

  @Test
  void adamLargeEpsilonSitsOutsideTheSquareRoot() {
    // Keras 3 divides by sqrt(v) + eps (epsilon not bias-corrected); a large epsilon shows it.
    assertMatches(adam(0.05, 0.8, 0.9, 0.5, false), new Adam(0.05, 0.8, 0.9, 0.5, false));
  }

  @Test
  void amsgrad() {
    assertMatches(adam(0.05, 0.9, 0.999, 1e-7, true), new Adam(0.05, 0.9, 0.999, 1e-7, true));
  }

  @Test
  void amsgradDiffersFromAdamOnThisData() {
    // With beta2 small, v shrinks after the first step, so the running maximum matters.
    double[] adam = simulate(adam(0.05, 0.9, 0.5, 1e-7, false));
    double[] ams = simulate(adam(0.05, 0.9, 0.5, 1e-7, true));
    double difference = 0;
    for (int j = 0; j < W0.length; j++) {
      difference = Math.max(difference, Math.abs(adam[j] - ams[j]));
    }
    assertTrue(difference > 1e-4, "AMSGrad should differ from Adam here, difference " + difference);
    assertMatches(adam(0.05, 0.9, 0.5, 1e-7, true), new Adam(0.05, 0.9, 0.5, 1e-7, true));
    assertMatches(adam(0.05, 0.9, 0.5, 1e-7, false), new Adam(0.05, 0.9, 0.5, 1e-7, false));
  }

  @Test
  void kerasDefaults() {
    assertEquals(0.01, new SGD().learningRate());
    assertEquals(0.0, new SGD().momentum());
    assertFalse(new SGD().nesterov());
    assertEquals(0.001, new RMSprop().learningRate());
    assertEquals(0.001, new Adam().learningRate());
    assertFalse(new Adam().amsgrad());
    assertEquals(0.01, Optimizers.get("sgd").learningRate());
    assertEquals(0.001, Optimizers.get("rmsprop").learningRate());
    assertEquals(0.001, Optimizers.get("adam").learningRate());
    assertEquals(0, new Adam().iterations());
  }

  @Test
  void learningRateSetWhileTrainingTakesEffectAtTheNextStep() {
    // One step at 0.05, then the rate is changed to 0.01 for the next fit: SGD rule with both rates.
    SGD sgd = new SGD(0.05);
    double[] w = W0.clone();
    sgd(0.05).step(w, gradient(w), 1);
    sgd(0.01).step(w, gradient(w), 2);
    double[][] kernel = {{W0[0]}, {W0[1]}, {W0[2]}};
    double[][] y = {{Y[0]}, {Y[1]}, {Y[2]}, {Y[3]}};
    try (Sequential model = new Sequential(new Dense(1).useBias(false).inputShape(W0.length))) {
      model.setWeights(List.of(StdArrays.ndCopyOf(floats(kernel))));
      model.compile(sgd, "mse");
      model.fit(StdArrays.ndCopyOf(floats(X)), StdArrays.ndCopyOf(floats(y)),
          f -> f.epochs(1).batchSize(X.length).shuffle(false).verbose(0));
      sgd.learningRate(0.01);
      assertEquals(0.01, sgd.learningRate(), 1e-9);
      model.fit(StdArrays.ndCopyOf(floats(X)), StdArrays.ndCopyOf(floats(y)),
          f -> f.epochs(1).batchSize(X.length).shuffle(false).verbose(0));
      assertEquals(2, sgd.iterations());
      FloatNdArray trained = (FloatNdArray) model.getWeights().get(0);
      for (int j = 0; j < W0.length; j++) {
        assertEquals(w[j], trained.getFloat(j, 0), 1e-5 * Math.max(1, Math.abs(w[j])), "kernel[" + j + "]");
      }
    }
  }
}
