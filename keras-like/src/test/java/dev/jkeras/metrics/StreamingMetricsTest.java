package dev.jkeras.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Activation;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Streaming metrics over several batches against the exact values computed here in plain Java: the
 * model passes its input through, so the input is the prediction. These run where real Keras is absent;
 * {@code conformance.ObjectsConformanceTest} judges the same metrics, streamed over batches with and without
 * sample weights, against Keras 3 itself.
 */
class StreamingMetricsTest {
  private static final int N = 61;
  private static final int BATCH = 8;

  @TempDir Path dir;

  /** Scores in [0, 1) and 0/1 labels correlated with them. */
  private static final float[] SCORES = new float[N];
  private static final float[] LABELS = new float[N];

  static {
    Random random = new Random(7);
    for (int i = 0; i < N; i++) {
      SCORES[i] = random.nextFloat();
      LABELS[i] = random.nextFloat() < SCORES[i] ? 1f : 0f;
    }
  }

  private static FloatNdArray column(float[] values) {
    return NdArrays.wrap(Shape.of(values.length, 1), DataBuffers.of(values, true, false));
  }

  private static FloatNdArray matrix(float[] values, int columns) {
    return NdArrays.wrap(Shape.of(values.length / columns, columns), DataBuffers.of(values, true, false));
  }

  private static Sequential passThrough(int features) {
    return new Sequential(new Activation("linear").inputShape(features));
  }

  private static Map<String, Double> evaluate(int features, FloatNdArray x, FloatNdArray y, Metric... metrics) {
    try (Sequential model = passThrough(features)) {
      model.compile(c -> c.optimizer("sgd").loss("mse").metrics(metrics));
      return model.evaluate(x, y, e -> e.batchSize(BATCH).verbose(0));
    }
  }

  private static double[] counts(double threshold) {
    double tp = 0;
    double fp = 0;
    double tn = 0;
    double fn = 0;
    for (int i = 0; i < N; i++) {
      boolean predicted = SCORES[i] > threshold;
      boolean actual = LABELS[i] != 0;
      tp += predicted && actual ? 1 : 0;
      fp += predicted && !actual ? 1 : 0;
      tn += !predicted && !actual ? 1 : 0;
      fn += !predicted && actual ? 1 : 0;
    }
    return new double[] {tp, fp, tn, fn};
  }

  @Test
  void precisionAndRecallEqualTheExactValues() {
    Map<String, Double> scores = evaluate(1, column(SCORES), column(LABELS), new Precision(), new Recall(),
        (Metric) new Precision("precision_at_0.3").thresholds(0.3));
    double[] c = counts(0.5);
    assertEquals(c[0] / (c[0] + c[1]), scores.get("precision"), 1e-6);
    assertEquals(c[0] / (c[0] + c[3]), scores.get("recall"), 1e-6);
    double[] low = counts(0.3);
    assertEquals(low[0] / (low[0] + low[1]), scores.get("precision_at_0.3"), 1e-6);
  }

  @Test
  void metricsResetBetweenEvaluations() {
    try (Sequential model = passThrough(1)) {
      model.compile(c -> c.optimizer("sgd").loss("mse").metrics("precision", "recall", "auc"));
      Map<String, Double> first = model.evaluate(column(SCORES), column(LABELS), e -> e.batchSize(BATCH).verbose(0));
      Map<String, Double> second = model.evaluate(column(SCORES), column(LABELS), e -> e.batchSize(BATCH).verbose(0));
      assertEquals(first, second);
      assertEquals(List.of("loss", "precision", "recall", "auc"), List.copyOf(first.keySet()));
    }
  }

  /** Keras's AUC in plain Java: counts at 200 thresholds, then its summation. */
  private static double kerasAuc(boolean pr) {
    int t = 200;
    double[] thresholds = new double[t];
    thresholds[0] = -1e-7;
    for (int i = 1; i < t - 1; i++) {
      thresholds[i] = i / (double) (t - 1);
    }
    thresholds[t - 1] = 1 + 1e-7;
    double[][] c = new double[t][];
    for (int i = 0; i < t; i++) {
      c[i] = counts((float) thresholds[i]);
    }
    double area = 0;
    for (int i = 0; i < t - 1; i++) {
      double[] a = c[i];
      double[] b = c[i + 1];
      if (!pr) {
        double fprA = a[1] / (a[1] + a[2]);
        double fprB = b[1] / (b[1] + b[2]);
        double recA = a[0] / (a[0] + a[3]);
        double recB = b[0] / (b[0] + b[3]);
        area += (fprA - fprB) * (recA + recB) / 2;
      } else {
        double dtp = a[0] - b[0];
        double pA = a[0] + a[1];
        double pB = b[0] + b[1];
        double dp = pA - pB;
        double slope = dp > 0 ? dtp / dp : 0;
        double intercept = b[0] - slope * pB;
        double ratio = pA > 0 && pB > 0 ? pA / pB : 1;
        double denominator = b[0] + b[3];
        area += denominator > 0 ? slope * (dtp + intercept * Math.log(ratio)) / denominator : 0;
      }
    }
    return area;
  }

  /** The exact ROC AUC: the probability a positive scores above a negative (ties count half). */
  private static double exactRocAuc() {
    double pairs = 0;
    double wins = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        if (LABELS[i] == 1 && LABELS[j] == 0) {
          pairs++;
          wins += SCORES[i] > SCORES[j] ? 1 : SCORES[i] == SCORES[j] ? 0.5 : 0;
        }
      }
    }
    return wins / pairs;
  }

  @Test
  void aucMatchesKerasInterpolationAndTheExactArea() {
    Map<String, Double> scores = evaluate(1, column(SCORES), column(LABELS), new AUC(),
        new AUC("pr_auc").curve("PR"));
    assertEquals(kerasAuc(false), scores.get("auc"), 1e-5);
    assertEquals(exactRocAuc(), scores.get("auc"), 1e-2);
    assertEquals(kerasAuc(true), scores.get("pr_auc"), 1e-5);
  }

  @Test
  void topKAccuracyFollowsItsFormula() {
    int classes = 5;
    Random random = new Random(3);
    float[] probabilities = new float[N * classes];
    float[] labels = new float[N];
    float[] oneHot = new float[N * classes];
    double top2 = 0;
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < classes; c++) {
        probabilities[i * classes + c] = random.nextFloat();
      }
      int label = random.nextInt(classes);
      labels[i] = label;
      oneHot[i * classes + label] = 1;
      int higher = 0;
      for (int c = 0; c < classes; c++) {
        higher += probabilities[i * classes + c] > probabilities[i * classes + label] ? 1 : 0;
      }
      top2 += higher < 2 ? 1 : 0;
    }
    Map<String, Double> sparse = evaluate(classes, matrix(probabilities, classes), column(labels),
        new SparseTopKCategoricalAccuracy(2));
    assertEquals(top2 / N, sparse.get("sparse_top_k_categorical_accuracy"), 1e-6);
    Map<String, Double> dense = evaluate(classes, matrix(probabilities, classes), matrix(oneHot, classes),
        new TopKCategoricalAccuracy(2), new TopKCategoricalAccuracy(5, "top5"));
    assertEquals(top2 / N, dense.get("top_k_categorical_accuracy"), 1e-6);
    assertEquals(1.0, dense.get("top5"), 1e-6);
  }

  @Test
  void precisionWithTopKAndClassIdLooksAtThatClass() {
    int classes = 3;
    Random random = new Random(11);
    float[] probabilities = new float[N * classes];
    float[] oneHot = new float[N * classes];
    double tp = 0;
    double fp = 0;
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < classes; c++) {
        probabilities[i * classes + c] = random.nextFloat();
      }
      oneHot[i * classes + random.nextInt(classes)] = 1;
      // Class 1 counts as predicted when it is the top-1 class (top_k=1 sets the others to -inf).
      int best = 0;
      for (int c = 1; c < classes; c++) {
        best = probabilities[i * classes + c] > probabilities[i * classes + best] ? c : best;
      }
      if (best == 1) {
        tp += oneHot[i * classes + 1];
        fp += 1 - oneHot[i * classes + 1];
      }
    }
    Map<String, Double> scores = evaluate(classes, matrix(probabilities, classes), matrix(oneHot, classes),
        (Metric) new Precision().topK(1).classId(1));
    assertEquals(tp / (tp + fp), scores.get("precision"), 1e-6);
  }

  @Test
  void rmseAndMapeFollowTheirFormulas() {
    float[] targets = new float[N];
    Random random = new Random(5);
    double squares = 0;
    double percentages = 0;
    for (int i = 0; i < N; i++) {
      targets[i] = 1 + random.nextFloat() * 3;
      squares += (SCORES[i] - targets[i]) * (double) (SCORES[i] - targets[i]);
      percentages += 100 * Math.abs((targets[i] - (double) SCORES[i]) / targets[i]);
    }
    try (Sequential model = passThrough(1)) {
      model.compile(c -> c.optimizer("sgd").loss("mse").metrics("root_mean_squared_error", "mape"));
      Map<String, Double> scores = model.evaluate(column(SCORES), column(targets), e -> e.batchSize(BATCH).verbose(0));
      assertEquals(Math.sqrt(squares / N), scores.get("root_mean_squared_error"), 1e-5);
      assertEquals(percentages / N, scores.get("mape"), 1e-3);
    }
  }

  @Test
  void weightedPrecisionCountsEachSampleItsWeight() {
    float[] weights = new float[N];
    double tp = 0;
    double fp = 0;
    for (int i = 0; i < N; i++) {
      weights[i] = 1 + i % 4;
      if (SCORES[i] > 0.5) {
        tp += LABELS[i] * weights[i];
        fp += (1 - LABELS[i]) * weights[i];
      }
    }
    try (Sequential model = passThrough(1)) {
      model.compile(c -> c.optimizer("sgd").loss("mse").metrics("precision").weightedMetrics("precision"));
      Map<String, Double> scores = model.evaluate(column(SCORES), column(LABELS),
          e -> e.batchSize(BATCH).verbose(0).sampleWeight(NdArrays.vectorOf(weights)));
      assertEquals(List.of("loss", "precision", "weighted_precision"), List.copyOf(scores.keySet()));
      assertEquals(counts(0.5)[0] / (counts(0.5)[0] + counts(0.5)[1]), scores.get("precision"), 1e-6);
      assertEquals(tp / (tp + fp), scores.get("weighted_precision"), 1e-6);
    }
  }

  @Test
  void compiledMetricsSaveAndLoadByNameAndAsObjects() throws Exception {
    Path file = dir.resolve("metrics.keras");
    Map<String, Double> before;
    try (Sequential model = passThrough(1)) {
      model.compile(c -> c.optimizer("sgd").loss("mse")
          .metrics("auc", "recall")
          .metrics(new Precision("p30").thresholds(0.3), new AUC("pr").curve("PR").numThresholds(50))
          .weightedMetrics(new RootMeanSquaredError()));
      before = model.evaluate(column(SCORES), column(LABELS), e -> e.batchSize(BATCH).verbose(0));
      model.save(file);
      String json = model.toJson();
      assertTrue(json.contains("\"class_name\":\"Precision\"") || json.contains("\"class_name\": \"Precision\""), json);
      assertTrue(json.contains("keras.metrics"), json);
    }
    try (Model loaded = Models.loadModel(file.toString())) {
      Map<String, Double> after = loaded.evaluate(column(SCORES), column(LABELS), e -> e.batchSize(BATCH).verbose(0));
      assertEquals(before, after);
      assertEquals(List.of("loss", "auc", "recall", "p30", "pr", "root_mean_squared_error"),
          List.copyOf(after.keySet()));
    }
    assertTrue(Files.size(file) > 0);
  }

  @Test
  void unknownNamesAndBadOptionsFailClearly() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.requireKnown("precisionn"));
    IllegalArgumentException curve = assertThrows(IllegalArgumentException.class, () -> new AUC().curve("XY"));
    assertTrue(curve.getMessage().contains("ROC"), curve.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AUC().numThresholds(1));
    assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(0));
  }
}
