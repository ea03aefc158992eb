package dev.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.layers.Dense;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.models.Sequential;
import dev.jkeras.ops.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/**
 * Each loss (and the accuracy metrics {@code "accuracy"} resolves to) computes the formula Keras 3
 * uses, checked against the same formula evaluated in Java (float64) on small arrays. These run where real
 * Keras is absent; where it is present, {@code conformance.ObjectsConformanceTest} judges every loss and
 * metric against Keras 3 itself (values, sample weights, configs and target-shape errors).
 */
class LossFormulasTest {
  private static final double TOLERANCE = 1e-5;

  // ---------------------------------------------------------------- helpers

  /** The per-sample values of {@code loss}, computed eagerly. */
  private static double[] perSample(Loss loss, NdArray<?> yTrue, NdArray<?> yPred) {
    NdArray<?> out = Backends.get().eager(() -> List.of(
        loss.call(Ops.convertToTensor(yTrue), Ops.convertToTensor(yPred)))).get(0);
    assertEquals(1, out.rank(), "per-sample losses have shape (batch,), got " + out.shape());
    FloatNdArray values = (FloatNdArray) out;
    double[] result = new double[(int) values.shape().get(0)];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.getFloat(i);
    }
    return result;
  }

  /** The batch loss (sum over batch size), computed eagerly as a scalar. */
  private static double value(Loss loss, NdArray<?> yTrue, NdArray<?> yPred) {
    NdArray<?> out = Backends.get().eager(() -> List.of(
        loss.apply(Ops.convertToTensor(yTrue), Ops.convertToTensor(yPred)))).get(0);
    assertEquals(0, out.rank(), "the loss is a scalar");
    return ((Number) out.getObject()).doubleValue();
  }

  /** Checks both the per-sample values and their mean, the value Keras reports. */
  private static void assertLoss(double[] expected, Loss loss, NdArray<?> yTrue, NdArray<?> yPred) {
    double[] actual = perSample(loss, yTrue, yPred);
    assertEquals(expected.length, actual.length, loss.name() + " per-sample count");
    double mean = 0;
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], loss.name() + " sample " + i);
      mean += expected[i] / expected.length;
    }
    assertClose(mean, value(loss, yTrue, yPred), loss.name() + " batch value");
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)),
        what + ": expected " + expected + ", got " + actual);
  }

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

  private static FloatNdArray column(double... values) {
    double[][] m = new double[values.length][1];
    for (int i = 0; i < values.length; i++) {
      m[i][0] = values[i];
    }
    return matrix(m);
  }

  private static FloatNdArray vector(double... values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return NdArrays.vectorOf(f);
  }

  private static double sum(double[] row) {
    double s = 0;
    for (double v : row) {
      s += v;
    }
    return s;
  }

  private static double logSumExp(double[] row) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : row) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (double v : row) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, 1e-7), 1 - 1e-7);
  }

  // ---------------------------------------------------------------- data

  /** Probabilities; the last row sums to 0.8, which Keras first normalizes to 1. */
  private static final double[][] PROBS = {
      {0.7, 0.2, 0.1},
      {0.1, 0.3, 0.6},
      {0.25, 0.25, 0.5},
      {0.2, 0.5, 0.1}};
  private static final double[][] LOGITS = {
      {2.0, 1.0, -1.0},
      {0.5, -0.3, 1.2},
      {-2.0, 3.0, 0.1},
      {0.0, 0.0, 0.0}};
  private static final int[] LABELS = {0, 2, 1, 1};

  private static double[][] oneHot(int[] labels, int classes) {
    double[][] m = new double[labels.length][classes];
    for (int i = 0; i < labels.length; i++) {
      m[i][labels[i]] = 1;
    }
    return m;
  }

  // ---------------------------------------------------------------- categorical cross-entropy

  /** -sum_k t_k log(clip(p_k / sum p)). */
  private static double[] categoricalFromProbabilities(double[][] targets, double[][] probs) {
    double[] out = new double[probs.length];
    for (int i = 0; i < probs.length; i++) {
      double total = sum(probs[i]);
      for (int k = 0; k < probs[i].length; k++) {
        out[i] -= targets[i][k] * Math.log(clip(probs[i][k] / total));
      }
    }
    return out;
  }

  /** -sum_k t_k (z_k - logsumexp(z)). */
  private static double[] categoricalFromLogits(double[][] targets, double[][] logits) {
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      double lse = logSumExp(logits[i]);
      for (int k = 0; k < logits[i].length; k++) {
        out[i] -= targets[i][k] * (logits[i][k] - lse);
      }
    }
    return out;
  }

  @Test
  void sparseCategoricalCrossentropyFromProbabilities() {
    double[] expected = categoricalFromProbabilities(oneHot(LABELS, 3), PROBS);
    assertEquals(-Math.log(0.7), expected[0], 1e-12);
    assertEquals(-Math.log(0.5 / 0.8), expected[3], 1e-12);
    assertLoss(expected, new SparseCategoricalCrossentropy(), NdArrays.vectorOf(LABELS), matrix(PROBS));
    // Labels of shape (batch, 1) are squeezed, as in Keras.
    assertLoss(expected, Losses.get("sparse_categorical_crossentropy"),
        StdArrays.ndCopyOf(new int[][] {{0}, {2}, {1}, {1}}), matrix(PROBS));
  }

  @Test
  void sparseCategoricalCrossentropyFromLogits() {
    double[] expected = categoricalFromLogits(oneHot(LABELS, 3), LOGITS);
    assertEquals(Math.log(3), expected[3], 1e-12);
    assertLoss(expected, new SparseCategoricalCrossentropy(true), NdArrays.vectorOf(LABELS), matrix(LOGITS));
  }

  @Test
  void sparseCategoricalCrossentropyClipsZeroProbability() {
    // p = 0 for the true class: Keras clips to epsilon, giving -log(1e-7) (in float32), not infinity.
    double loss = value(new SparseCategoricalCrossentropy(), NdArrays.vectorOf(1), matrix(new double[][] {{1, 0}}));
    assertEquals(-Math.log(1e-7), loss, 1e-3);
  }

  @Test
  void categoricalCrossentropyFromProbabilities() {
    double[][] targets = oneHot(LABELS, 3);
    assertLoss(categoricalFromProbabilities(targets, PROBS), new CategoricalCrossentropy(), matrix(targets),
        matrix(PROBS));
    // Soft targets weigh every class's log-probability.
    double[][] soft = {{0.2, 0.8, 0}, {0.5, 0.25, 0.25}, {0, 0, 1}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
    assertLoss(categoricalFromProbabilities(soft, PROBS), Losses.get("categorical_crossentropy"), matrix(soft),
        matrix(PROBS));
  }

  @Test
  void categoricalCrossentropyFromLogits() {
    double[][] soft = {{0.2, 0.8, 0}, {0.5, 0.25, 0.25}, {0, 0, 1}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
    assertLoss(categoricalFromLogits(soft, LOGITS), new CategoricalCrossentropy(true), matrix(soft), matrix(LOGITS));
    // Large logits stay finite (log-softmax, not log of a softmax that underflows).
    double[][] large = {{100, 0, -100}};
    double[][] target = {{0, 0, 1}};
    assertLoss(categoricalFromLogits(target, large), new CategoricalCrossentropy(true), matrix(target),
        matrix(large));
  }

  // ---------------------------------------------------------------- binary cross-entropy

  private static final double[][] BINARY_TARGETS = {{0, 1}, {1, 1}, {0, 0}};
  private static final double[][] BINARY_PROBS = {{0.1, 0.8}, {0.6, 0.95}, {0.3, 0.02}};
  private static final double[][] BINARY_LOGITS = {{-1.5, 0.7}, {2.0, -0.4}, {30.0, -30.0}};

  /** mean over the last axis of -(t log p + (1 - t) log(1 - p)), p clipped to [eps, 1 - eps]. */
  private static double[] binaryFromProbabilities(double[][] targets, double[][] probs) {
    double[] out = new double[probs.length];
    for (int i = 0; i < probs.length; i++) {
      for (int k = 0; k < probs[i].length; k++) {
        double p = clip(probs[i][k]);
        double t = targets[i][k];
        out[i] -= (t * Math.log(p) + (1 - t) * Math.log(1 - p)) / probs[i].length;
      }
    }
    return out;
  }

  /** mean over the last axis of -(t log sigmoid(z) + (1 - t) log(1 - sigmoid(z))), computed stably. */
  private static double[] binaryFromLogits(double[][] targets, double[][] logits) {
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      for (int k = 0; k < logits[i].length; k++) {
        double z = logits[i][k];
        double t = targets[i][k];
        // log sigmoid(z) = -softplus(-z); log(1 - sigmoid(z)) = -softplus(z)
        double softplusZ = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
        double softplusNegZ = softplusZ - z;
        out[i] += (t * softplusNegZ + (1 - t) * softplusZ) / logits[i].length;
      }
    }
    return out;
  }

  @Test
  void binaryCrossentropyFromProbabilities() {
    assertLoss(binaryFromProbabilities(BINARY_TARGETS, BINARY_PROBS), new BinaryCrossentropy(),
        matrix(BINARY_TARGETS), matrix(BINARY_PROBS));
    // Targets of shape (batch,) against predictions of shape (batch, 1) are expanded.
    double[] t = {0, 1, 1};
    double[] p = {0.2, 0.9, 0.4};
    double[][] t2 = {{0}, {1}, {1}};
    double[][] p2 = {{0.2}, {0.9}, {0.4}};
    assertLoss(binaryFromProbabilities(t2, p2), Losses.get("binary_crossentropy"), vector(t), column(p));
  }

  @Test
  void binaryCrossentropyClipsCertainWrongPredictions() {
    // p = 1 for a 0 target: clipped to 1 - 1e-7 (float32), a large finite loss instead of infinity.
    double loss = value(new BinaryCrossentropy(), column(0), column(1));
    assertTrue(Double.isFinite(loss) && loss > 15 && loss < 17, "clipped loss " + loss);
  }

  @Test
  void binaryCrossentropyFromLogits() {
    double[] expected = binaryFromLogits(BINARY_TARGETS, BINARY_LOGITS);
    // The last row: logit 30 for target 0 costs 30, logit -30 for target 0 costs ~0.
    assertEquals(15.0, expected[2], 1e-9);
    assertLoss(expected, new BinaryCrossentropy(true), matrix(BINARY_TARGETS), matrix(BINARY_LOGITS));
    // Same as the probability form on sigmoid outputs, away from the clipping range.
    double[][] logits = {{-1.5, 0.7}, {2.0, -0.4}};
    double[][] probs = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 2; k++) {
        probs[i][k] = 1 / (1 + Math.exp(-logits[i][k]));
      }
    }
    double[][] targets = {{0, 1}, {1, 1}};
    double[] viaLogits = perSample(new BinaryCrossentropy(true), matrix(targets), matrix(logits));
    double[] viaProbabilities = perSample(new BinaryCrossentropy(), matrix(targets), matrix(probs));
    for (int i = 0; i < 2; i++) {
      assertClose(viaProbabilities[i], viaLogits[i], "logits vs probabilities, sample " + i);
    }
  }

  // ---------------------------------------------------------------- regression losses

  private static final double[][] REG_TRUE = {{1.0, -2.0, 0.5}, {0.0, 3.0, -1.0}};
  private static final double[][] REG_PRED = {{1.3, -2.8, 2.0}, {-2.5, 3.0, -0.9}};

  private interface ElementLoss {
    double of(double error);
  }

  /** The mean over the last axis of {@code f(pred - true)}. */
  private static double[] elementwise(double[][] yTrue, double[][] yPred, ElementLoss f) {
    double[] out = new double[yTrue.length];
    for (int i = 0; i < yTrue.length; i++) {
      for (int k = 0; k < yTrue[i].length; k++) {
        out[i] += f.of(yPred[i][k] - yTrue[i][k]) / yTrue[i].length;
      }
    }
    return out;
  }

  @Test
  void meanSquaredError() {
    double[] expected = elementwise(REG_TRUE, REG_PRED, e -> e * e);
    assertLoss(expected, new MeanSquaredError(), matrix(REG_TRUE), matrix(REG_PRED));
    assertLoss(expected, Losses.get("mse"), matrix(REG_TRUE), matrix(REG_PRED));
    assertLoss(expected, Losses.get("mean_squared_error"), matrix(REG_TRUE), matrix(REG_PRED));
    // Targets (batch,) against predictions (batch, 1).
    assertLoss(new double[] {0.09, 0.64, 2.25}, Losses.get("mse"), vector(1, 2, 3), column(1.3, 1.2, 4.5));
  }

  @Test
  void meanAbsoluteError() {
    double[] expected = elementwise(REG_TRUE, REG_PRED, Math::abs);
    assertLoss(expected, new MeanAbsoluteError(), matrix(REG_TRUE), matrix(REG_PRED));
    assertLoss(expected, Losses.get("mae"), matrix(REG_TRUE), matrix(REG_PRED));
    assertLoss(new double[] {0.3, 0.8, 1.5}, Losses.get("mean_absolute_error"), vector(1, 2, 3),
        column(1.3, 1.2, 4.5));
  }

  private static double huber(double error, double delta) {
    double a = Math.abs(error);
    return a <= delta ? 0.5 * error * error : delta * a - 0.5 * delta * delta;
  }

  @Test
  void huberBelowAndAboveDelta() {
    // Errors 0.3, 0.8, 1.5 / 2.5, 0.0, 0.1: both sides of delta = 1.
    double[] expected = elementwise(REG_TRUE, REG_PRED, e -> huber(e, 1.0));
    assertEquals((0.5 * 0.09 + 0.5 * 0.64 + (1.5 - 0.5)) / 3, expected[0], 1e-12);
    assertLoss(expected, new Huber(), matrix(REG_TRUE), matrix(REG_PRED));
    assertLoss(expected, Losses.get("huber"), matrix(REG_TRUE), matrix(REG_PRED));
    assertLoss(expected, Losses.get("huber_loss"), matrix(REG_TRUE), matrix(REG_PRED));
  }

  @Test
  void huberWithAnotherDelta() {
    double[] expected = elementwise(REG_TRUE, REG_PRED, e -> huber(e, 2.0));
    assertLoss(expected, new Huber(2.0), matrix(REG_TRUE), matrix(REG_PRED));
    assertThrows(IllegalArgumentException.class, () -> new Huber(0));
  }

  // ---------------------------------------------------------------- identifiers

  @Test
  void namesResolve() {
    assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("sparse_categorical_crossentropy"));
    assertInstanceOf(CategoricalCrossentropy.class, Losses.get("categorical_crossentropy"));
    assertInstanceOf(BinaryCrossentropy.class, Losses.get("binary_crossentropy"));
    assertInstanceOf(MeanSquaredError.class, Losses.get("mse"));
    assertInstanceOf(MeanSquaredError.class, Losses.get("mean_squared_error"));
    assertInstanceOf(MeanAbsoluteError.class, Losses.get("mae"));
    assertInstanceOf(MeanAbsoluteError.class, Losses.get("mean_absolute_error"));
    assertInstanceOf(Huber.class, Losses.get("huber"));
    assertInstanceOf(MeanSquaredError.class, Losses.get("MSE"), "identifiers are case-insensitive");
    assertEquals("mean_squared_error", Losses.get("mse").name());
    assertEquals("sparse_categorical_crossentropy", Losses.get("sparse_categorical_crossentropy").name());
  }

  @Test
  void unknownNameListsTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("msee"));
    for (String name : List.of("msee", "mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy",
        "sparse_categorical_crossentropy", "mean_squared_error")) {
      assertTrue(e.getMessage().contains(name), "message should name '" + name + "': " + e.getMessage());
    }
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> Metrics.get("accuracyy", Shape.of(-1), Shape.of(-1, 3)));
    assertTrue(m.getMessage().contains("accuracy") && m.getMessage().contains("mae"), m.getMessage());
  }

  // ---------------------------------------------------------------- accuracy resolution

  /** The value of {@code metric} after one update with these arrays, run in a fresh graph. */
  private static double metricValue(Metric metric, NdArray<?> yTrue, NdArray<?> yPred) {
    try (ModelGraph graph = Backends.get().newGraph("metric")) {
      GraphFunction f = graph.trace(() -> {
        KerasTensor t = Ops.convertToTensor(yTrue);
        KerasTensor p = Ops.convertToTensor(yPred);
        var updates = metric.updateState(t, p);
        KerasTensor result = graph.after(updates, metric::result);
        return graph.function(List.of(), List.of(result), List.of());
      });
      return ((Number) f.call(List.of()).get(0).getObject()).doubleValue();
    }
  }

  private static Shape shapeOf(NdArray<?> array) {
    return Shape.of(array.shape().asArray());
  }

  private static Metric accuracyFor(NdArray<?> yTrue, NdArray<?> yPred) {
    Metric m = Metrics.get("accuracy", shapeOf(yTrue), shapeOf(yPred));
    assertEquals("accuracy", m.name());
    return m;
  }

  @Test
  void accuracyIsBinaryWhenThePredictionHasOneColumn() {
    // Labels (4,) or (4, 1) against probabilities (4, 1): p > 0.5 vs label. 3 of 4 right. Read as
    // sparse categorical instead, the arg-max would always be 0, giving 1/4.
    FloatNdArray p = column(0.9, 0.3, 0.6, 0.45);
    double[] labels = {1, 0, 0, 0};
    assertEquals(0.75, metricValue(accuracyFor(vector(labels), p), vector(labels), p), 1e-7);
    assertEquals(0.75, metricValue(accuracyFor(column(labels), p), column(labels), p), 1e-7);
    assertEquals(0.75, metricValue(Metrics.binaryAccuracy("binary_accuracy"), column(labels), p), 1e-7);
    assertEquals(0.75, metricValue(Metrics.get("binary_accuracy", Shape.of(-1, 1), Shape.of(-1, 1)),
        column(labels), p), 1e-7);
  }

  @Test
  void accuracyIsSparseWhenTheLabelsHaveLowerRank() {
    // arg-max of PROBS rows: 0, 2, 2, 1; LABELS 0, 2, 1, 1: 3 of 4 right.
    assertEquals(0.75, metricValue(accuracyFor(NdArrays.vectorOf(LABELS), matrix(PROBS)),
        NdArrays.vectorOf(LABELS), matrix(PROBS)), 1e-7);
    // Labels (4, 1) against (4, 3) predictions are sparse too.
    NdArray<?> columnLabels = StdArrays.ndCopyOf(new int[][] {{0}, {2}, {1}, {1}});
    assertEquals(0.75, metricValue(accuracyFor(columnLabels, matrix(PROBS)), columnLabels, matrix(PROBS)), 1e-7);
  }

  @Test
  void accuracyIsCategoricalForOneHotTargets() {
    // arg-max of the one-hot rows vs of PROBS rows: 3 of 4 right. Read as binary (p > 0.5 equal to
    // the target element-wise) it would be different: 10 of 12 elements.
    double[][] targets = oneHot(LABELS, 3);
    assertEquals(0.75, metricValue(accuracyFor(matrix(targets), matrix(PROBS)), matrix(targets), matrix(PROBS)),
        1e-7);
    assertEquals(0.75, metricValue(Metrics.get("categorical_accuracy", Shape.of(-1, 3), Shape.of(-1, 3)),
        matrix(targets), matrix(PROBS)), 1e-7);
    assertEquals(10.0 / 12, metricValue(Metrics.binaryAccuracy("binary_accuracy"), matrix(targets),
        matrix(PROBS)), 1e-6);
  }

  @Test
  void regressionMetricsMatchTheirFormulas() {
    double[] mae = elementwise(REG_TRUE, REG_PRED, Math::abs);
    double[] mse = elementwise(REG_TRUE, REG_PRED, e -> e * e);
    assertClose((mae[0] + mae[1]) / 2, metricValue(Metrics.get("mae", Shape.of(-1, 3), Shape.of(-1, 3)),
        matrix(REG_TRUE), matrix(REG_PRED)), "mae metric");
    assertClose((mse[0] + mse[1]) / 2, metricValue(Metrics.get("mse", Shape.of(-1, 3), Shape.of(-1, 3)),
        matrix(REG_TRUE), matrix(REG_PRED)), "mse metric");
  }

  // ---------------------------------------------------------------- evaluate with hand-set weights

  /** Logits x . W + b for a 2-feature, 3-class linear model. */
  private static final double[][] X = {{1, 0}, {0, 1}, {1, 1}, {-1, 0.5}, {2, -1}, {0.5, 0.5}};
  private static final double[][] KERNEL = {{1.0, -0.5, 0.2}, {-0.3, 0.8, 0.4}};
  private static final double[] BIAS = {0.1, 0.0, -0.2};
  private static final int[] Y = {0, 1, 0, 1, 2, 2};

  private static double[][] logits() {
    double[][] z = new double[X.length][3];
    for (int i = 0; i < X.length; i++) {
      for (int k = 0; k < 3; k++) {
        z[i][k] = BIAS[k] + X[i][0] * KERNEL[0][k] + X[i][1] * KERNEL[1][k];
      }
    }
    return z;
  }

  private static Sequential linearClassifier(String activation) {
    Sequential model = new Sequential(new Dense(3, activation).inputShape(2));
    model.setWeights(List.of(matrix(KERNEL), vector(BIAS)));
    return model;
  }

  private static double handAccuracy() {
    double[][] z = logits();
    int correct = 0;
    for (int i = 0; i < z.length; i++) {
      int best = 0;
      for (int k = 1; k < 3; k++) {
        if (z[i][k] > z[i][best]) {
          best = k;
        }
      }
      correct += best == Y[i] ? 1 : 0;
    }
    return (double) correct / z.length;
  }

  @Test
  void evaluateWithHandSetWeightsReportsTheHandComputedLossAndAccuracy() {
    double accuracy = handAccuracy();
    assertTrue(accuracy > 0 && accuracy < 1, "the data should make some mistakes: " + accuracy);
    double[] expectedLoss = categoricalFromLogits(oneHot(Y, 3), logits());
    double loss = sum(expectedLoss) / expectedLoss.length;

    try (Sequential model = linearClassifier("softmax")) {
      model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
      // Batches of 4 and 2: the streaming means must weight batches by their size.
      Map<String, Double> scores = model.evaluate(matrix(X), NdArrays.vectorOf(Y), e -> e.batchSize(4).verbose(0));
      assertClose(loss, scores.get("loss"), "sparse categorical loss");
      assertEquals(accuracy, scores.get("accuracy"), 1e-6);
    }
    try (Sequential model = linearClassifier("softmax")) {
      model.compile("sgd", "categorical_crossentropy", "accuracy");
      Map<String, Double> scores = model.evaluate(matrix(X), matrix(oneHot(Y, 3)), e -> e.batchSize(4).verbose(0));
      assertClose(loss, scores.get("loss"), "categorical loss");
      assertEquals(accuracy, scores.get("accuracy"), 1e-6);
    }
    try (Sequential model = linearClassifier("linear")) {
      model.compile(c -> c.optimizer("sgd").loss(new SparseCategoricalCrossentropy(true)).metrics("accuracy"));
      Map<String, Double> scores = model.evaluate(matrix(X), NdArrays.vectorOf(Y), e -> e.batchSize(5).verbose(0));
      assertClose(loss, scores.get("loss"), "loss from logits");
      assertEquals(accuracy, scores.get("accuracy"), 1e-6);
    }
  }

  @Test
  void evaluateBinaryAccuracyWithHandSetWeights() {
    // One sigmoid unit: p = sigmoid(x . w + b); accuracy is (p > 0.5) == y.
    double[] w = {0.8, -0.6};
    double b = 0.1;
    double[] y = {1, 0, 0, 1, 1, 0};
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < X.length; i++) {
      double z = b + X[i][0] * w[0] + X[i][1] * w[1];
      double p = 1 / (1 + Math.exp(-z));
      correct += (p > 0.5 ? 1 : 0) == y[i] ? 1 : 0;
      loss -= (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)) / X.length;
    }
    try (Sequential model = new Sequential(new Dense(1, "sigmoid").inputShape(2))) {
      model.setWeights(List.of(column(w), vector(b)));
      model.compile("sgd", "binary_crossentropy", "accuracy");
      Map<String, Double> scores = model.evaluate(matrix(X), vector(y), e -> e.batchSize(4).verbose(0));
      assertClose(loss, scores.get("loss"), "binary loss");
      assertEquals((double) correct / X.length, scores.get("accuracy"), 1e-6);
      assertTrue(correct > 0 && correct < X.length, "some right, some wrong: " + correct);
    }
  }
}
