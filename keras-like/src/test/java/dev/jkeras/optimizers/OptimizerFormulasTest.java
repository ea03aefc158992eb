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
 * What {@link OptimizerConformanceTest} (each optimizer judged by real Keras) does not cover: options
 * outside the config ({@code exclude_from_weight_decay}), the bound clipping puts on an update, a
 * rate changed between steps, a schedule's rate read back, names, defaults and errors. The rules
 * here are SGD's, simulated in plain Java (float64) on a linear model {@code x . w} trained with mean
 * squared error, one full-batch step per epoch.
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

  // ---------------------------------------------------------------- SGD's rule

  private static Rule sgd(double lr) {
    return (w, g, t) -> {
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
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
  void variablesExcludedFromWeightDecayAreNotDecayed() {
    assertMatches(sgd(0.05), new SGD(0.05).weightDecay(0.3).excludeFromWeightDecay("kern"));
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
