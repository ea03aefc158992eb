package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.regularizers.Regularizers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * Weight penalties join the loss as Keras adds them ({@code l1 * sum|w| + l2 * sum w^2}, in evaluate
 * and in the gradient), and Dropout is active only in training.
 */
class RegularizationAndDropoutTest {
  private static final double[][] X = {
      {1.0, -0.5, 0.3},
      {0.2, 0.8, -1.1},
      {-1.3, 0.4, 0.9},
      {0.6, -1.2, 0.5},
      {1.5, 0.1, -0.7}};
  private static final double[][] Y = {{0.5, -1.0}, {1.2, 0.3}, {-0.4, 0.8}, {0.0, 1.5}, {2.0, -0.6}};
  private static final double[][] KERNEL = {{0.4, -0.7}, {-0.2, 0.5}, {0.9, 0.3}};
  private static final double[] BIAS = {0.1, -0.3};

  // ---------------------------------------------------------------- helpers

  private static FloatNdArray matrix(double[][] values) {
    float[][] f = new float[values.length][];
    for (int i = 0; i < values.length; i++) {
      f[i] = new float[values[i].length];
      for (int j = 0; j < values[i].length; j++) {
        f[i][j] = (float) values[i][j];
      }
    }
    return StdArrays.ndCopyOf(f);
  }

  private static FloatNdArray vector(double... values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return NdArrays.vectorOf(f);
  }

  private static double[][] toMatrix(NdArray<?> array) {
    FloatNdArray f = (FloatNdArray) array;
    int rows = (int) f.shape().get(0);
    int cols = (int) f.shape().get(1);
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = f.getFloat(i, j);
      }
    }
    return m;
  }

  private static double[] toVector(NdArray<?> array) {
    FloatNdArray f = (FloatNdArray) array;
    double[] v = new double[(int) f.shape().get(0)];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.getFloat(i);
    }
    return v;
  }

  /** x . W + b. */
  private static double[][] linear(double[][] x, double[][] kernel, double[] bias) {
    double[][] out = new double[x.length][bias.length];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < bias.length; k++) {
        out[i][k] = bias[k];
        for (int j = 0; j < kernel.length; j++) {
          out[i][k] += x[i][j] * kernel[j][k];
        }
      }
    }
    return out;
  }

  private static double mse(double[][] yTrue, double[][] yPred) {
    double total = 0;
    int count = 0;
    for (int i = 0; i < yTrue.length; i++) {
      for (int k = 0; k < yTrue[i].length; k++) {
        double e = yPred[i][k] - yTrue[i][k];
        total += e * e;
        count++;
      }
    }
    return total / count;
  }

  private static double sumAbs(double[][] m) {
    double s = 0;
    for (double[] row : m) {
      for (double v : row) {
        s += Math.abs(v);
      }
    }
    return s;
  }

  private static double sumSquares(double[][] m) {
    double s = 0;
    for (double[] row : m) {
      for (double v : row) {
        s += v * v;
      }
    }
    return s;
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)),
        what + ": expected " + expected + ", got " + actual);
  }

  private static Sequential regularized(Regularizer kernelRegularizer) {
    Sequential model = new Sequential(new Dense(2).kernelRegularizer(kernelRegularizer).inputShape(3));
    model.setWeights(List.of(matrix(KERNEL), vector(BIAS)));
    return model;
  }

  // ---------------------------------------------------------------- regularizers in evaluate

  /** evaluate's loss is the data loss plus the penalty of the weights read back from the model. */
  private static void assertEvaluateAddsPenalty(Regularizer regularizer, double l1, double l2) {
    try (Sequential model = regularized(regularizer)) {
      model.compile("sgd", "mse");
      List<NdArray<?>> weights = model.getWeights();
      double[][] kernel = toMatrix(weights.get(0));
      double[] bias = toVector(weights.get(1));
      double dataLoss = mse(Y, linear(X, kernel, bias));
      double penalty = l1 * sumAbs(kernel) + l2 * sumSquares(kernel);
      assertTrue(penalty > 1e-3, "the penalty should be visible: " + penalty);

      // Batches of 2, 2 and 1: the penalty joins every batch's loss, so it is added once to the mean.
      Map<String, Double> scores = model.evaluate(matrix(X), matrix(Y), e -> e.batchSize(2).verbose(0));
      assertClose(dataLoss + penalty, scores.get("loss"), regularizer + " evaluate loss");
    }
  }

  @Test
  void l2PenaltyJoinsTheEvaluatedLoss() {
    assertEvaluateAddsPenalty(Regularizers.l2(0.01), 0, 0.01);
  }

  @Test
  void l1PenaltyJoinsTheEvaluatedLoss() {
    assertEvaluateAddsPenalty(Regularizers.l1(0.01), 0.01, 0);
  }

  @Test
  void l1L2PenaltyJoinsTheEvaluatedLoss() {
    assertEvaluateAddsPenalty(Regularizers.l1L2(0.02, 0.05), 0.02, 0.05);
  }

  @Test
  void regularizersByNameUseKerasDefaultFactor() {
    assertEvaluateAddsPenalty(Regularizers.get("l2"), 0, 0.01);
    assertEvaluateAddsPenalty(Regularizers.get("l1"), 0.01, 0);
    assertEvaluateAddsPenalty(Regularizers.get("l1_l2"), 0.01, 0.01);
  }

  @Test
  void biasRegularizerPenalizesTheBias() {
    try (Sequential model = new Sequential(new Dense(2).biasRegularizer(Regularizers.l1(0.1)).inputShape(3))) {
      model.setWeights(List.of(matrix(KERNEL), vector(BIAS)));
      model.compile("sgd", "mse");
      double expected = mse(Y, linear(X, KERNEL, BIAS)) + 0.1 * (Math.abs(BIAS[0]) + Math.abs(BIAS[1]));
      assertClose(expected, model.evaluate(matrix(X), matrix(Y), e -> e.verbose(0)).get("loss"), "bias l1");
    }
  }

  // ---------------------------------------------------------------- regularizers in the gradient

  /**
   * One full-batch SGD step: w -= lr * (dMSE/dw + l1 * sign(w) + 2 * l2 * w) for the kernel, and the
   * plain data gradient for the bias.
   */
  private static void assertSgdStepIncludesPenaltyGradient(Regularizer regularizer, double l1, double l2) {
    double lr = 0.1;
    int n = X.length;
    int units = BIAS.length;
    double[][] pred = linear(X, KERNEL, BIAS);
    double[][] kernel = new double[KERNEL.length][units];
    double[] bias = BIAS.clone();
    for (int k = 0; k < units; k++) {
      double biasGrad = 0;
      for (int i = 0; i < n; i++) {
        biasGrad += 2.0 / (n * units) * (pred[i][k] - Y[i][k]);
      }
      bias[k] -= lr * biasGrad;
      for (int j = 0; j < KERNEL.length; j++) {
        double grad = 0;
        for (int i = 0; i < n; i++) {
          grad += 2.0 / (n * units) * (pred[i][k] - Y[i][k]) * X[i][j];
        }
        grad += l1 * Math.signum(KERNEL[j][k]) + 2 * l2 * KERNEL[j][k];
        kernel[j][k] = KERNEL[j][k] - lr * grad;
      }
    }
    try (Sequential model = regularized(regularizer)) {
      model.compile(new SGD(lr), "mse");
      History history = model.fit(matrix(X), matrix(Y), f -> f.epochs(1).batchSize(n).shuffle(false).verbose(0));
      // The logged training loss (before the step) includes the penalty too.
      double penalty = l1 * sumAbs(KERNEL) + l2 * sumSquares(KERNEL);
      assertClose(mse(Y, pred) + penalty, history.history().get("loss").get(0), regularizer + " training loss");
      List<NdArray<?>> weights = model.getWeights();
      double[][] trainedKernel = toMatrix(weights.get(0));
      double[] trainedBias = toVector(weights.get(1));
      for (int j = 0; j < kernel.length; j++) {
        for (int k = 0; k < units; k++) {
          assertClose(kernel[j][k], trainedKernel[j][k], regularizer + " kernel[" + j + "][" + k + "]");
        }
      }
      for (int k = 0; k < units; k++) {
        assertClose(bias[k], trainedBias[k], regularizer + " bias[" + k + "]");
      }
    }
  }

  @Test
  void l2PenaltyGradientJoinsTheTrainStep() {
    assertSgdStepIncludesPenaltyGradient(Regularizers.l2(0.05), 0, 0.05);
  }

  @Test
  void l1PenaltyGradientJoinsTheTrainStep() {
    assertSgdStepIncludesPenaltyGradient(Regularizers.l1(0.05), 0.05, 0);
  }

  @Test
  void l1L2PenaltyGradientJoinsTheTrainStep() {
    assertSgdStepIncludesPenaltyGradient(Regularizers.l1L2(0.03, 0.04), 0.03, 0.04);
  }

  // ---------------------------------------------------------------- dropout

  private static Sequential withDropout() {
    Sequential model = new Sequential(new Dense(2).inputShape(3), new Dropout(0.5));
    model.setWeights(List.of(matrix(KERNEL), vector(BIAS)));
    return model;
  }

  @Test
  void dropoutIsInactiveInPredictAndEvaluate() {
    double[][] expected = linear(X, KERNEL, BIAS);
    try (Sequential model = withDropout()) {
      double[][] first = toMatrix(model.predict(matrix(X), p -> p.verbose(0)));
      double[][] second = toMatrix(model.predict(matrix(X), p -> p.verbose(0)));
      // Other batches may round differently in the matmul (1 ulp), but drop nothing either.
      double[][] batched = toMatrix(model.predict(matrix(X), p -> p.verbose(0).batchSize(2)));
      for (int i = 0; i < X.length; i++) {
        for (int k = 0; k < 2; k++) {
          assertEquals(first[i][k], second[i][k], 0.0, "predict is deterministic");
          assertClose(expected[i][k], first[i][k], "prediction [" + i + "][" + k + "]");
          assertClose(expected[i][k], batched[i][k], "prediction in batches of 2 [" + i + "][" + k + "]");
        }
      }
      model.compile("sgd", "mse");
      double loss = mse(Y, expected);
      assertClose(loss, model.evaluate(matrix(X), matrix(Y), e -> e.verbose(0)).get("loss"), "evaluate loss");
      assertClose(loss, model.evaluate(matrix(X), matrix(Y), e -> e.verbose(0)).get("loss"), "evaluate again");
    }
  }

  @Test
  void dropoutIsActiveInTheTrainStep() {
    // 40 samples x 2 outputs: the loss fit logs (computed before the update, with dropout) differs
    // from the loss without dropout unless all 80 mask entries are kept (probability 2^-80).
    int n = 40;
    double[][] x = new double[n][3];
    double[][] y = new double[n][2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = X[i % X.length][j] + 0.01 * i;
      }
      y[i] = Y[i % Y.length].clone();
    }
    double withoutDropout = mse(y, linear(x, KERNEL, BIAS));
    try (Sequential model = withDropout()) {
      model.compile(new SGD(1e-3), "mse");
      assertClose(withoutDropout, model.evaluate(matrix(x), matrix(y), e -> e.verbose(0)).get("loss"),
          "evaluate before training");
      History history = model.fit(matrix(x), matrix(y), f -> f.epochs(1).batchSize(n).verbose(0));
      double trainingLoss = history.history().get("loss").get(0);
      assertTrue(Math.abs(trainingLoss - withoutDropout) > 1e-4,
          "the train step should apply dropout: training loss " + trainingLoss + ", without dropout " + withoutDropout);
    }
  }

  /** Runs {@code new Dropout(rate).apply(x, training)} in a traced graph, {@code runs} times. */
  private static List<float[][]> dropoutOutputs(double rate, boolean training, float[][] x, int runs) {
    try (ModelGraph graph = Backends.get().newGraph("dropout")) {
      GraphFunction f = graph.trace(() -> {
        KerasTensor input = Ops.convertToTensor(StdArrays.ndCopyOf(x));
        KerasTensor output = new Dropout(rate).apply(input, training);
        return graph.function(List.of(), List.of(output), List.of());
      });
      List<float[][]> outputs = new java.util.ArrayList<>();
      for (int r = 0; r < runs; r++) {
        outputs.add(StdArrays.array2dCopyOf((FloatNdArray) f.call(List.of()).get(0)));
      }
      return outputs;
    }
  }

  private static float[][] distinctNonZeroValues(int rows, int cols) {
    float[][] x = new float[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        x[i][j] = (i * cols + j + 1) * 0.01f * ((i + j) % 2 == 0 ? 1 : -1);
      }
    }
    return x;
  }

  @Test
  void dropoutInTrainingZeroesAboutHalfAndScalesTheRestByTwo() {
    float[][] x = distinctNonZeroValues(50, 40);
    List<float[][]> outputs = dropoutOutputs(0.5, true, x, 2);
    int total = 50 * 40;
    int[] zeros = new int[2];
    int differences = 0;
    for (int r = 0; r < 2; r++) {
      float[][] out = outputs.get(r);
      for (int i = 0; i < 50; i++) {
        for (int j = 0; j < 40; j++) {
          if (out[i][j] == 0f) {
            zeros[r]++;
          } else {
            assertEquals(2 * x[i][j], out[i][j], 0.0f, "a kept value is exactly 2x at [" + i + "][" + j + "]");
          }
          if (r == 1 && (out[i][j] == 0f) != (outputs.get(0)[i][j] == 0f)) {
            differences++;
          }
        }
      }
      // 2000 Bernoulli(0.5) draws: the standard deviation of the fraction is 0.011.
      double fraction = (double) zeros[r] / total;
      assertTrue(fraction > 0.43 && fraction < 0.57, "fraction dropped " + fraction);
    }
    assertTrue(differences > total / 4, "each run draws a new mask; masks differ in " + differences + " places");
  }

  @Test
  void dropoutScalesKeptValuesByOneOverOneMinusRate() {
    float[][] x = distinctNonZeroValues(40, 50);
    float[][] out = dropoutOutputs(0.2, true, x, 1).get(0);
    int zeros = 0;
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 50; j++) {
        if (out[i][j] == 0f) {
          zeros++;
        } else {
          assertEquals(x[i][j] / 0.8, out[i][j], 1e-6 * Math.abs(x[i][j] / 0.8), "kept value scaled by 1.25");
        }
      }
    }
    double fraction = zeros / 2000.0;
    assertTrue(fraction > 0.14 && fraction < 0.26, "fraction dropped " + fraction);
  }

  @Test
  void dropoutOutsideTrainingPassesInputsThrough() {
    float[][] x = distinctNonZeroValues(5, 4);
    float[][] out = dropoutOutputs(0.5, false, x, 1).get(0);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(x[i][j], out[i][j], 0.0f);
      }
    }
  }
}
