package dev.jkeras.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.callbacks.CSVLogger;
import dev.jkeras.callbacks.EarlyStopping;
import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.TensorBoard;
import dev.jkeras.layers.Activation;
import dev.jkeras.layers.Conv2D;
import dev.jkeras.layers.Dense;
import dev.jkeras.models.Model;
import dev.jkeras.models.Models;
import dev.jkeras.models.Sequential;
import dev.jkeras.saving.Config;
import dev.jkeras.testing.KerasOracle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * The issue 17 metrics inside compile / fit / evaluate (their state updated in the compiled steps),
 * by object and by name, with Keras judging the evaluated values on the model's own predictions;
 * vector results in the logs and History; save and load; and the hostile inputs each must refuse.
 */
class MetricsInTrainingTest {
  private static final int N = 24;

  @TempDir Path dir;

  private static float[][][][] images(long seed) {
    Random r = new Random(seed);
    float[][][][] x = new float[N][4][4][2];
    for (float[][][] image : x) {
      for (float[][] row : image) {
        for (float[] pixel : row) {
          pixel[0] = r.nextFloat() * 2 - 1;
          pixel[1] = r.nextFloat() * 2 - 1;
        }
      }
    }
    return x;
  }

  /** A class per pixel that a 1x1 convolution can learn: which of three bands x0 - x1 falls in. */
  private static int[][][] segmentLabels(float[][][][] x) {
    int[][][] y = new int[N][4][4];
    for (int n = 0; n < N; n++) {
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          float d = x[n][i][j][0] - x[n][i][j][1];
          y[n][i][j] = d < -0.4f ? 0 : d < 0.4f ? 1 : 2;
        }
      }
    }
    return y;
  }

  private static float[][] rows(long seed, int columns) {
    Random r = new Random(seed);
    float[][] x = new float[N][columns];
    for (float[] row : x) {
      for (int j = 0; j < columns; j++) {
        row[j] = r.nextFloat() * 2 - 1;
      }
    }
    return x;
  }

  private static String python(Object array) {
    return "np.array(" + Arrays.deepToString(new Object[] {array}).replaceAll("^\\[|\\]$", "") + ", dtype='float32')";
  }

  /** What Keras's metric (a Python constructor) gives for these targets and predictions in one update. */
  private static double keras(String constructor, Object yTrue, NdArray<?> yPred, int... shape) {
    float[] flat = new float[Math.toIntExact(yPred.size())];
    int[] next = {0};
    yPred.scalars().forEach(s -> flat[next[0]++] = ((Number) s.getObject()).floatValue());
    String code = "import keras_env, keras, numpy as np\n"
        + "y_true = " + python(yTrue) + "\n"
        + "y_pred = np.array(" + Arrays.toString(flat) + ", dtype='float32').reshape("
        + Arrays.toString(shape).replace('[', '(').replace(']', ')') + ")\n"
        + "m = keras.metrics." + constructor + "\n"
        + "m.update_state(y_true, y_pred)\n"
        + "print('@@value=' + repr(float(np.asarray(m.result()))))\n";
    return Double.parseDouble(KerasOracle.printedValues(code).get("value"));
  }

  @Test
  void meanIoUOnASegmentationOutputTrainsAndEqualsKeras() throws Exception {
    float[][][][] x = images(1);
    int[][][] y = segmentLabels(x);
    FloatNdArray xs = StdArrays.ndCopyOf(x);
    NdArray<Integer> ys = StdArrays.ndCopyOf(y);
    Path file = dir.resolve("segmentation.keras");
    try (Sequential model = new Sequential(new Conv2D(3, 1).activation("softmax").inputShape(4, 4, 2))) {
      model.compile(c -> c.optimizer("adam").loss("sparse_categorical_crossentropy")
          .metrics(new MeanIoU(3).sparseYPred(false), new IoU("iou_class_2", 3, 2).sparseYPred(false), "accuracy"));
      History history = model.fit(xs, ys, fit -> fit.epochs(3).batchSize(8).validationSplit(0.25).verbose(0));
      assertEquals(3, history.history().get("mean_io_u").size());
      assertEquals(3, history.history().get("val_mean_io_u").size());
      Map<String, Double> scores = model.evaluate(xs, ys, e -> e.batchSize(5).verbose(0));
      FloatNdArray predictions = model.predict(xs, p -> p.verbose(0));
      assertEquals(keras("MeanIoU(3, sparse_y_pred=False)", y, predictions, N, 4, 4, 3), scores.get("mean_io_u"), 1e-6);
      assertEquals(keras("IoU(3, [2], sparse_y_pred=False)", y, predictions, N, 4, 4, 3), scores.get("iou_class_2"),
          1e-6);
      model.save(file);
      try (Model loaded = Models.loadModel(file.toString())) {
        assertEquals(scores, loaded.evaluate(xs, ys, e -> e.batchSize(5).verbose(0)));
      }
    }
  }

  @Test
  void f1ScoreByNameAndVectorResultsReachLogsAndHistory() throws Exception {
    float[][] x = rows(2, 4);
    float[][] y = new float[N][3];
    for (int i = 0; i < N; i++) {
      y[i][x[i][0] > 0.3f ? 0 : x[i][1] > 0 ? 1 : 2] = 1;
    }
    FloatNdArray xs = StdArrays.ndCopyOf(x);
    FloatNdArray ys = StdArrays.ndCopyOf(y);
    try (Sequential model = new Sequential(new Dense(3, "softmax").inputShape(4))) {
      model.compile(c -> c.optimizer("adam").loss("categorical_crossentropy")
          .metrics("f1_score", new F1Score("f1_macro").average("macro"),
              new Precision("precision_3").thresholds(0.3, 0.5, 0.7), "true_positives"));
      Path csv = dir.resolve("log.csv");
      History history = model.fit(xs, ys, fit -> fit.epochs(2).batchSize(8).validationData(xs, ys).verbose(0)
          .callbacks(new CSVLogger(csv), new TensorBoard(dir.resolve("logs").toString()),
              new EarlyStopping().monitor("val_f1_score[1]").mode("max").patience(5)));
      String header = java.nio.file.Files.readAllLines(csv).get(0);
      assertTrue(header.contains("f1_score[2]") && header.contains("val_precision_3[0]"), header);
      for (String key : List.of("f1_score[0]", "f1_score[1]", "f1_score[2]", "val_f1_score[2]", "f1_macro",
          "precision_3[0]", "val_precision_3[2]", "true_positives")) {
        assertEquals(2, history.history().get(key).size(), key + " in " + history.history().keySet());
      }
      Map<String, Double> scores = model.evaluate(xs, ys, e -> e.batchSize(7).verbose(0));
      FloatNdArray predictions = model.predict(xs, p -> p.verbose(0));
      double macro = keras("F1Score(average='macro')", y, predictions, N, 3);
      assertEquals(macro, scores.get("f1_macro"), 1e-6);
      double mean = (scores.get("f1_score[0]") + scores.get("f1_score[1]") + scores.get("f1_score[2]")) / 3;
      assertEquals(macro, mean, 1e-6);
      assertEquals(keras("TruePositives()", y, predictions, N, 3), scores.get("true_positives"), 1e-6);
    }
  }

  @Test
  void r2ScoreByNameAndAsAnObjectEqualKeras() {
    float[][] x = rows(3, 3);
    float[][] y = new float[N][2];
    for (int i = 0; i < N; i++) {
      y[i][0] = x[i][0] * 2 - x[i][1];
      y[i][1] = x[i][2] + 0.5f;
    }
    FloatNdArray xs = StdArrays.ndCopyOf(x);
    FloatNdArray ys = StdArrays.ndCopyOf(y);
    try (Sequential model = new Sequential(new Dense(2).inputShape(3))) {
      model.compile(c -> c.optimizer("sgd").loss("mse")
          .metrics("r2_score", new R2Score("r2_adjusted").numRegressors(3).classAggregation("variance_weighted_average")));
      model.fit(xs, ys, fit -> fit.epochs(3).batchSize(6).verbose(0));
      Map<String, Double> scores = model.evaluate(xs, ys, e -> e.batchSize(5).verbose(0));
      FloatNdArray predictions = model.predict(xs, p -> p.verbose(0));
      assertEquals(keras("R2Score()", y, predictions, N, 2), scores.get("r2_score"), 1e-5);
      assertEquals(keras("R2Score(num_regressors=3, class_aggregation='variance_weighted_average')", y, predictions,
          N, 2), scores.get("r2_adjusted"), 1e-5);
    }
  }

  private static void refuses(String expected, Executable body) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  @Test
  void badOptionsFailClearly() {
    refuses("num_classes must be at least 2", () -> new MeanIoU(1));
    refuses("num_classes must be at least 2", () -> new OneHotMeanIoU(0));
    refuses("target class id 3 is out of range", () -> new IoU(3, 0, 3));
    refuses("target_class_ids must name at least one class", () -> new IoU(3));
    refuses("target class id -1", () -> new BinaryIoU(-1));
    refuses("takes one-hot targets", () -> new OneHotIoU(3, 0).sparseYTrue(true));
    refuses("dtype must be", () -> new MeanIoU(3).dtype("int8"));
    refuses("more than jkeras allows", () -> MeanIoU.fromConfig(new Config("MeanIoU", Map.of("num_classes", 1 << 20))));
    refuses("at most 100000", () -> new PrecisionAtRecall(0.5).numThresholds(Integer.MAX_VALUE));
    refuses("at most 100000", () -> new AUC().numThresholds(1 << 30));
    refuses("allows at most 100000", () -> new TruePositives().thresholds(new double[200_000]));
    refuses("threshold values must be in [0, 1]. Received: [1.5]", () -> new Precision().thresholds(1.5));
    refuses("Received: [-0.1]", () -> new Recall().thresholds(0.2, -0.1));
    refuses("Received: [NaN]", () -> new TruePositives().thresholds(Double.NaN));
    refuses("at least one threshold", () -> new FalseNegatives().thresholds(new double[0]));
    refuses("invalid average 'median'", () -> new F1Score().average("median"));
    refuses("0 < threshold <= 1", () -> new F1Score().threshold(0));
    refuses("beta must be a finite number > 0", () -> new FBetaScore().beta(0));
    refuses("use new FBetaScore().beta(2.0)", () -> new F1Score().beta(2));
    refuses("invalid class_aggregation 'sum'", () -> new R2Score().classAggregation("sum"));
    refuses("num_regressors must be >= 0", () -> new R2Score().numRegressors(-1));
    refuses("recall must be in the range [0, 1]", () -> new PrecisionAtRecall(1.5));
    refuses("specificity must be in the range [0, 1]", () -> new SensitivityAtSpecificity(-0.1));
    refuses("num_thresholds must be an integer > 0", () -> new RecallAtPrecision(0.5).numThresholds(0));
    refuses("label_weights must be finite and >= 0", () -> new AUC().labelWeights(1, -1));
    refuses("Received: [1.2]", () -> new AUC().thresholds(0.5, 1.2));
    refuses("num_labels must be positive", () -> new AUC().multiLabel(true).numLabels(0));
    refuses("invalid average 'median'", () -> F1Score.fromConfig(new Config("F1Score", Map.of("average", "median"))));
    refuses("needs an integer 'num_classes'", () -> MeanIoU.fromConfig(new Config("MeanIoU", Map.of())));
    refuses("needs 'recall'", () -> PrecisionAtRecall.fromConfig(new Config("PrecisionAtRecall", Map.of())));
    refuses("Received: [2.0]", () -> Precision.fromConfig(new Config("Precision", Map.of("thresholds", List.of(0.5, 2.0)))));
    refuses("Unknown metric identifier 'mean_io_u'", () -> Metrics.requireKnown("mean_io_u"));
  }

  /** The message fit raises (before the first step) when these targets meet these predictions. */
  private static void fitRefuses(String expected, Supplier<Sequential> model, Metric metric, NdArray<?> x,
      NdArray<?> y) {
    try (Sequential m = model.get()) {
      m.compile(c -> c.optimizer("sgd").loss(dev.jkeras.losses.Loss.of("zero",
          (t, p) -> dev.jkeras.ops.Ops.sum(dev.jkeras.ops.Ops.multiply(p, 0.0), -1))).metrics(metric));
      refuses(expected, () -> m.fit(x, y, fit -> fit.epochs(1).batchSize(4).verbose(0)));
    }
  }

  @Test
  void shapeMismatchesFailBeforeTheFirstStep() {
    FloatNdArray x3 = StdArrays.ndCopyOf(rows(4, 3));
    Supplier<Sequential> passThrough3 = () -> new Sequential(new Activation("linear").inputShape(3));
    fitRefuses("y_true.shape=(None, 2) and y_pred.shape=(None, 3)", passThrough3, new F1Score(),
        x3, StdArrays.ndCopyOf(rows(5, 2)));
    fitRefuses("(batch_size, output_dim)", passThrough3, new R2Score(), x3, StdArrays.ndCopyOf(rows(5, 2)));
    fitRefuses("as many target labels as predicted labels", passThrough3, new MeanIoU(3), x3,
        StdArrays.ndCopyOf(new float[N][2]));
    fitRefuses("has 2 label_weights but the predictions have 3 labels", passThrough3,
        new AUC().multiLabel(true).labelWeights(1, 2), x3, StdArrays.ndCopyOf(rows(5, 3)));
    fitRefuses("was built for 4 labels", passThrough3, new AUC().multiLabel(true).numLabels(4), x3,
        StdArrays.ndCopyOf(rows(5, 3)));
    fitRefuses("num_labels is needed only when multi_label is true", passThrough3, new AUC().numLabels(3), x3,
        StdArrays.ndCopyOf(rows(5, 3)));
    FloatNdArray x4 = StdArrays.ndCopyOf(images(6));
    Supplier<Sequential> passThroughImages = () -> new Sequential(new Activation("linear").inputShape(4, 4, 2));
    fitRefuses("y_pred must have rank 2", passThroughImages, new AUC().multiLabel(true), x4, x4);
    fitRefuses("(batch_size, output_dim)", passThroughImages, new F1Score(), x4, x4);
  }
}
