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

  private static Rule adamW(double lr, double wd, double b1, double b2, double eps) {
    Rule adam = adam(lr, b1, b2, eps, false);
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        w[i] -= w[i] * wd * lr;
      }
      adam.step(w, g, t);
    };
  }

  private static Rule nadam(double lr, double b1, double b2, double eps) {
    double[] m = new double[W0.length];
    double[] v = new double[W0.length];
    double[] uProduct = {1.0};
    return (w, g, t) -> {
      double uT = b1 * (1 - 0.5 * Math.pow(0.96, t));
      double uNext = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
      uProduct[0] *= uT;
      double uProductNext = uProduct[0] * uNext;
      for (int i = 0; i < w.length; i++) {
        m[i] += (g[i] - m[i]) * (1 - b1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
        double mHat = uNext * m[i] / (1 - uProductNext) + (1 - uT) * g[i] / (1 - uProduct[0]);
        double vHat = v[i] / (1 - Math.pow(b2, t));
        w[i] -= mHat * lr / (Math.sqrt(vHat) + eps);
      }
    };
  }

  private static Rule adagrad(double lr, double initial, double eps) {
    double[] a = new double[W0.length];
    java.util.Arrays.fill(a, initial);
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        a[i] += g[i] * g[i];
        w[i] -= lr * g[i] / Math.sqrt(a[i] + eps);
      }
    };
  }

  private static Rule adamax(double lr, double b1, double b2, double eps) {
    double[] m = new double[W0.length];
    double[] u = new double[W0.length];
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        m[i] += (g[i] - m[i]) * (1 - b1);
        u[i] = Math.max(b2 * u[i], Math.abs(g[i]));
        w[i] -= lr * m[i] / ((1 - Math.pow(b1, t)) * (u[i] + eps));
      }
    };
  }

  private static Rule adadelta(double lr, double rho, double eps) {
    double[] accGrad = new double[W0.length];
    double[] accDelta = new double[W0.length];
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        accGrad[i] = rho * accGrad[i] + (1 - rho) * g[i] * g[i];
        double delta = -Math.sqrt(accDelta[i] + eps) * g[i] / Math.sqrt(accGrad[i] + eps);
        accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
        w[i] += lr * delta;
      }
    };
  }

  private static Rule ftrl(double lr, double power, double initial, double l1, double l2, double l2Shrinkage,
      double beta) {
    double[] accum = new double[W0.length];
    double[] linear = new double[W0.length];
    java.util.Arrays.fill(accum, initial);
    return (w, g, t) -> {
      double l2Reg = l2 + beta / (2 * lr);
      for (int i = 0; i < w.length; i++) {
        double gradToUse = g[i] + 2 * l2Shrinkage * w[i];
        double newAccum = accum[i] + g[i] * g[i];
        linear[i] += gradToUse - (Math.pow(newAccum, -power) - Math.pow(accum[i], -power)) / lr * w[i];
        double quadratic = Math.pow(newAccum, -power) / lr + 2 * l2Reg;
        double clipped = Math.max(-l1, Math.min(l1, linear[i]));
        w[i] = (clipped - linear[i]) / quadratic;
        accum[i] = newAccum;
      }
    };
  }

  /** {@code inner} on clipped gradients: per-variable norm (the model has one variable), or by value. */
  private static Rule clipped(Rule inner, double clipnorm, double clipvalue) {
    return (w, g, t) -> {
      double[] c = g.clone();
      if (clipnorm > 0) {
        double norm = 0;
        for (double x : g) {
          norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < c.length; i++) {
          c[i] = g[i] * clipnorm / Math.max(norm, clipnorm);
        }
      } else if (clipvalue > 0) {
        for (int i = 0; i < c.length; i++) {
          c[i] = Math.max(-clipvalue, Math.min(clipvalue, g[i]));
        }
      }
      inner.step(w, c, t);
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
    return trainSteps(optimizer, STEPS);
  }

  private static double[] trainSteps(Optimizer optimizer, int steps) {
    double[][] kernel = new double[W0.length][1];
    for (int j = 0; j < W0.length; j++) {
      kernel[j][0] = W0[j];
    }
    double[][] y = new double[Y.length][1];
    for (int s = 0; s < Y.length; s++) {
      y[s][0] = Y[s];
    }
    boolean scheduled = optimizer.learningRateSchedule().isPresent();
    double learningRate = optimizer.learningRate();
    try (Sequential model = new Sequential(new Dense(1).useBias(false).inputShape(W0.length))) {
      model.setWeights(List.of(StdArrays.ndCopyOf(floats(kernel))));
      model.compile(optimizer, "mse");
      model.fit(StdArrays.ndCopyOf(floats(X)), StdArrays.ndCopyOf(floats(y)),
          f -> f.epochs(steps).batchSize(X.length).shuffle(false).verbose(0));
      assertEquals(steps, optimizer.iterations(), "optimizer.iterations()");
      // The rate now lives in a float32 graph variable; it reads back unchanged.
      if (!scheduled) {
        assertEquals(learningRate, optimizer.learningRate(), 1e-7 * learningRate, "optimizer.learningRate()");
      }
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
  void adamW() {
    assertMatches(adamW(0.05, 0.004, 0.9, 0.999, 1e-7), new AdamW(0.05));
  }

  @Test
  void adamWLargeDecay() {
    // weight decay 0.5 makes the decoupled term dominate: w -= w * wd * lr before the Adam step
    assertMatches(adamW(0.05, 0.5, 0.9, 0.999, 1e-7), new AdamW(0.05, 0.5));
  }

  @Test
  void weightDecayOnAnyOptimizer() {
    Rule sgd = sgd(0.05);
    Rule decayed = (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        w[i] -= w[i] * 0.3 * 0.05;
      }
      sgd.step(w, g, t);
    };
    assertMatches(decayed, new SGD(0.05).weightDecay(0.3));
  }

  @Test
  void variablesExcludedFromWeightDecayAreNotDecayed() {
    assertMatches(sgd(0.05), new SGD(0.05).weightDecay(0.3).excludeFromWeightDecay("kern"));
  }

  @Test
  void nadam() {
    assertMatches(nadam(0.05, 0.9, 0.999, 1e-7), new Nadam(0.05));
  }

  @Test
  void nadamOtherBetas() {
    assertMatches(nadam(0.02, 0.8, 0.9, 0.1), new Nadam(0.02, 0.8, 0.9, 0.1));
  }

  @Test
  void adagrad() {
    assertMatches(adagrad(0.05, 0.1, 1e-7), new Adagrad(0.05));
  }

  @Test
  void adagradEpsilonSitsInsideTheSquareRoot() {
    assertMatches(adagrad(0.05, 0.0, 0.5), new Adagrad(0.05, 0.0, 0.5));
  }

  @Test
  void adamax() {
    assertMatches(adamax(0.05, 0.9, 0.999, 1e-7), new Adamax(0.05));
  }

  @Test
  void adamaxLargeEpsilon() {
    assertMatches(adamax(0.05, 0.8, 0.5, 0.5), new Adamax(0.05, 0.8, 0.5, 0.5));
  }

  @Test
  void adadelta() {
    // Adadelta's steps are tiny with Keras's defaults; a rate of 1.0 and a large epsilon move the weights.
    assertMatches(adadelta(1.0, 0.95, 1e-3), new Adadelta(1.0, 0.95, 1e-3));
  }

  @Test
  void adadeltaDefaults() {
    double[] expected = simulate(adadelta(0.001, 0.95, 1e-7));
    double[] actual = train(new Adadelta());
    for (int j = 0; j < W0.length; j++) {
      assertEquals(expected[j], actual[j], 1e-6, "kernel[" + j + "]");
    }
  }

  @Test
  void ftrl() {
    assertMatches(ftrl(0.5, -0.5, 0.1, 0, 0, 0, 0), new Ftrl(0.5));
  }

  @Test
  void ftrlWithRegularizationAndBeta() {
    assertMatches(ftrl(0.5, -0.7, 0.2, 0.01, 0.05, 0.02, 0.3),
        new Ftrl(0.5).learningRatePower(-0.7).initialAccumulatorValue(0.2).l1RegularizationStrength(0.01)
            .l2RegularizationStrength(0.05).l2ShrinkageRegularizationStrength(0.02).beta(0.3));
  }

  @Test
  void ftrlLargeL1ZeroesWeights() {
    double[] w = simulate(ftrl(0.5, -0.5, 0.1, 100, 0, 0, 0));
    for (double x : w) {
      assertEquals(0.0, x);
    }
    double[] actual = train(new Ftrl(0.5).l1RegularizationStrength(100));
    for (double x : actual) {
      assertEquals(0.0, x);
    }
  }

  @Test
  void clipnorm() {
    assertMatches(clipped(sgd(0.05), 0.5, 0), (Optimizer) new SGD(0.05).clipnorm(0.5));
    assertMatches(clipped(adam(0.05, 0.9, 0.999, 1e-7, false), 0.5, 0), new Adam(0.05).clipnorm(0.5));
  }

  @Test
  void globalClipnormOfOneVariableIsItsNorm() {
    assertMatches(clipped(sgd(0.05), 0.5, 0), new SGD(0.05).globalClipnorm(0.5));
  }

  @Test
  void clipvalue() {
    assertMatches(clipped(sgd(0.05), 0, 0.3), new SGD(0.05).clipvalue(0.3));
  }

  @Test
  void clippingBoundsTheUpdate() {
    // One SGD step: the update is lr * clipped gradient, so its norm is at most lr * clipnorm.
    double[] g = gradient(W0);
    double norm = Math.sqrt(java.util.Arrays.stream(g).map(x -> x * x).sum());
    assertTrue(norm > 1, "the gradient should be larger than the clip norm, is " + norm);
    for (Optimizer optimizer : List.of(new SGD(1.0).clipnorm(0.25), new SGD(1.0).globalClipnorm(0.25),
        new SGD(1.0).clipvalue(0.1))) {
      double[] w = trainSteps(optimizer, 1);
      double moved = 0;
      double largest = 0;
      for (int j = 0; j < W0.length; j++) {
        moved += (w[j] - W0[j]) * (w[j] - W0[j]);
        largest = Math.max(largest, Math.abs(w[j] - W0[j]));
      }
      if (optimizer.clipvalue() != null) {
        assertEquals(0.1, largest, 1e-6, "clipvalue bounds each element of the update");
      } else {
        assertEquals(0.25, Math.sqrt(moved), 1e-6, optimizer + " bounds the update's norm");
      }
    }
  }

  @Test
  void onlyOneClippingOption() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new SGD().clipnorm(1).clipvalue(1));
    assertTrue(e.getMessage().contains("Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"), e.getMessage());
  }

  @Test
  void scheduledLearningRate() {
    // ExponentialDecay(0.1, 2, 0.5): the rate at step t (0-based, as Keras passes iterations) is 0.1 * 0.5^(t/2).
    Rule rule = (w, g, t) -> {
      double lr = 0.1 * Math.pow(0.5, (t - 1) / 2.0);
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
      }
    };
    SGD sgd = new SGD(new dev.jkeras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5));
    assertMatches(rule, sgd);
    assertEquals(0.1 * Math.pow(0.5, STEPS / 2.0), sgd.learningRate(), 1e-8, "learningRate() at the next step");
  }

  @Test
  void settingTheRateOfAScheduledOptimizerFails() {
    SGD sgd = new SGD(new dev.jkeras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5));
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> sgd.learningRate(0.01));
    assertTrue(e.getMessage().contains("a schedule used where a fixed rate is required"), e.getMessage());
  }

  @Test
  void stringNames() {
    assertEquals(AdamW.class, Optimizers.get("adamw").getClass());
    assertEquals(0.004, Optimizers.get("adamw").weightDecay());
    assertEquals(Nadam.class, Optimizers.get("nadam").getClass());
    assertEquals(Adagrad.class, Optimizers.get("adagrad").getClass());
    assertEquals(Adamax.class, Optimizers.get("adamax").getClass());
    assertEquals(Adadelta.class, Optimizers.get("adadelta").getClass());
    assertEquals(Ftrl.class, Optimizers.get("ftrl").getClass());
    for (String name : List.of("adamw", "nadam", "adagrad", "adamax", "adadelta", "ftrl")) {
      assertEquals(0.001, Optimizers.get(name).learningRate(), name);
    }
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamx"));
    assertTrue(e.getMessage().contains("adamax"), e.getMessage());
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
