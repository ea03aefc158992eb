package dev.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.activations.Activations;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Update;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.constraints.MaxNorm;
import dev.jkeras.constraints.MinMaxNorm;
import dev.jkeras.constraints.NonNeg;
import dev.jkeras.constraints.UnitNorm;
import dev.jkeras.initializers.Constant;
import dev.jkeras.initializers.GlorotNormal;
import dev.jkeras.initializers.GlorotUniform;
import dev.jkeras.initializers.HeNormal;
import dev.jkeras.initializers.HeUniform;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.initializers.LecunNormal;
import dev.jkeras.initializers.LecunUniform;
import dev.jkeras.initializers.Ones;
import dev.jkeras.initializers.Orthogonal;
import dev.jkeras.initializers.RandomNormal;
import dev.jkeras.initializers.RandomUniform;
import dev.jkeras.initializers.TruncatedNormal;
import dev.jkeras.initializers.VarianceScaling;
import dev.jkeras.initializers.Zeros;
import dev.jkeras.losses.BinaryCrossentropy;
import dev.jkeras.losses.BinaryFocalCrossentropy;
import dev.jkeras.losses.CTC;
import dev.jkeras.losses.CategoricalFocalCrossentropy;
import dev.jkeras.losses.CategoricalHinge;
import dev.jkeras.losses.Circle;
import dev.jkeras.losses.CosineSimilarity;
import dev.jkeras.losses.Dice;
import dev.jkeras.losses.Hinge;
import dev.jkeras.losses.KLDivergence;
import dev.jkeras.losses.LogCosh;
import dev.jkeras.losses.MeanSquaredLogarithmicError;
import dev.jkeras.losses.Poisson;
import dev.jkeras.losses.SquaredHinge;
import dev.jkeras.losses.Tversky;
import dev.jkeras.losses.CategoricalCrossentropy;
import dev.jkeras.losses.Huber;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.losses.MeanAbsoluteError;
import dev.jkeras.losses.MeanSquaredError;
import dev.jkeras.losses.SparseCategoricalCrossentropy;
import dev.jkeras.metrics.AUC;
import dev.jkeras.metrics.Accuracy;
import dev.jkeras.metrics.BinaryIoU;
import dev.jkeras.metrics.F1Score;
import dev.jkeras.metrics.FBetaScore;
import dev.jkeras.metrics.FalseNegatives;
import dev.jkeras.metrics.FalsePositives;
import dev.jkeras.metrics.IoU;
import dev.jkeras.metrics.MeanIoU;
import dev.jkeras.metrics.OneHotIoU;
import dev.jkeras.metrics.OneHotMeanIoU;
import dev.jkeras.metrics.PrecisionAtRecall;
import dev.jkeras.metrics.R2Score;
import dev.jkeras.metrics.RecallAtPrecision;
import dev.jkeras.metrics.SensitivityAtSpecificity;
import dev.jkeras.metrics.SpecificityAtSensitivity;
import dev.jkeras.metrics.Sum;
import dev.jkeras.metrics.TrueNegatives;
import dev.jkeras.metrics.TruePositives;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.MeanAbsolutePercentageError;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.metrics.Precision;
import dev.jkeras.metrics.Recall;
import dev.jkeras.metrics.RootMeanSquaredError;
import dev.jkeras.metrics.SparseTopKCategoricalAccuracy;
import dev.jkeras.metrics.TopKCategoricalAccuracy;
import dev.jkeras.ops.Ops;
import dev.jkeras.regularizers.L1L2;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Json;
import dev.jkeras.saving.KerasSerializable;
import dev.jkeras.saving.Serialization;
import dev.jkeras.testing.KerasOracle;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Real Keras 3.15.1 judges every activation, initializer, regularizer, constraint, loss and metric jkeras
 * has: the same inputs give the same values within float32 tolerance (random initializers: the same
 * distribution moments), and configs equal Keras's after Keras rebuilt the object from jkeras's saved
 * form. Each object is one line of {@link #cases()}; all Keras answers come from one launch of
 * {@code oracle/objects_conformance.py}. Prints the coverage per kind.
 */
class ObjectsConformanceTest {
  /** One checked object: what Keras is asked ({@code oracle}), and how jkeras's answer is compared. */
  private record Case(String id, String kind, Class<?> covers, Map<String, Object> oracle,
      Function<Map<String, Object>, String> check) {}

  private static final List<Case> CASES = new ArrayList<>();
  private static Map<String, Object> kerasResults;

  // ---------------------------------------------------------------- inputs

  private static final float[][] X = {
      {-1000f, -50f, -10f, -3f, -1f, -0.5f, -0.1f, 0f},
      {0.1f, 0.5f, 1f, 3f, 10f, 50f, 1000f, -0f}};
  private static final float[][] W = {{0.5f, -2f, 3f, 0f}, {-1f, 4f, 0.25f, -0.75f}, {2f, 0f, -3f, 1f}};

  private static final float[][] X_AS_PREDICTIONS = {{-1000f, 0f, 1000f}, {-50f, 0.1f, 50f}, {0f, 0f, 0f},
      {1f, -1f, 3f}, {10f, -10f, 0.5f}, {-0.5f, 0.5f, 1e-3f}};
  private static final float[][] REG_TRUE = random(6, 3, 1, -2, 2);
  private static final float[][] REG_PRED = random(6, 3, 2, -2, 2);
  private static final float[] WEIGHTS = {1f, 0.5f, 2f, 0f, 1.5f, 1f};
  private static final float[][] BIN_TRUE = {{1}, {0}, {1}, {1}, {0}, {0}};
  private static final float[][] BIN_PROB = {{0.9f}, {0.2f}, {0.4f}, {0.7f}, {0.6f}, {0.01f}};
  private static final float[][] BIN_LOGITS = {{2.5f}, {-1f}, {-0.3f}, {0.8f}, {0.4f}, {-6f}};
  private static final float[][] BIN_SATURATED = {{1f}, {0f}, {0.5f}, {1f}, {0f}, {1f}};
  /**
   * Large logits on the right side only: where the label is on the wrong side of a large logit Keras's numpy
   * backend clips sigmoid(x) to [1e-7, 1 - 1e-7] (a loss of at most 16.1), while jkeras computes the exact
   * {@code max(x, 0) - x * z + log(1 + exp(-|x|))} as Keras's TensorFlow backend does (a loss of |x|).
   */
  private static final float[][] BIN_HUGE_LOGITS = {{40f}, {-40f}, {0f}, {-5f}, {5f}, {-100f}};
  private static final float[][] CLASS_SATURATED = {{1, 0, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1},
      {0.5f, 0.5f, 0, 0, 0}, {0, 0, 1, 0, 0}, {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}};
  private static final float[][] CLASS_HUGE_LOGITS = {{100, -100, 0, 0, 0}, {0, 0, 0, 80, -80}, {-50, 0, 0, 0, 50},
      {1000, 1000, 0, 0, 0}, {0, 0, -1000, 0, 0}, {0, 0, 0, 0, 0}};
  private static final float[][] MULTI_TRUE = {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}, {0, 1, 0}, {1, 0, 0}, {0, 1, 1}};
  private static final float[][] MULTI_PROB = random(6, 3, 3, 0.01, 0.99);
  private static final int[] LABELS = {0, 3, 1, 4, 2, 4};
  private static final float[][] ONE_HOT = oneHot(LABELS, 5);
  private static final float[][] CLASS_LOGITS = random(6, 5, 4, -3, 3);
  private static final float[][] CLASS_PROB = softmax(CLASS_LOGITS);

  /** Class ids for the IoU metrics: targets, and predictions as floats (as a model outputs them). */
  private static final int[] IOU_TRUE = {0, 1, 2, 2, 1, 0};
  private static final float[] IOU_PRED = {0, 2, 2, 1, 1, 0};
  private static final float[] PRED_IDS = {0, 3, 4, 4, 2, 1};
  /** Segmentation maps: labels (samples, 2, 2) of 3 classes and class scores (samples, 2, 2, 3). */
  private static final int[][][] SEG_LABELS = {{{0, 1}, {2, 2}}, {{1, 1}, {0, 2}}, {{2, 0}, {0, 1}},
      {{0, 0}, {1, 2}}, {{2, 2}, {2, 1}}, {{1, 0}, {2, 0}}};
  private static final float[][][][] SEG_PROB = segmentation(random(24, 3, 17, -2, 2));
  private static final float[][][][] SEG_ONE_HOT = segmentation(oneHot(
      java.util.Arrays.stream(SEG_LABELS).flatMap(java.util.Arrays::stream).flatMapToInt(java.util.Arrays::stream)
          .toArray(), 3));

  /** Sequence outputs (samples, steps, features), as a recurrent layer with return_sequences gives. */
  private static final float[][][] SEQ_TRUE = {random(2, 4, 5, -1, 1), random(2, 4, 6, -1, 1), random(2, 4, 7, -1, 1)};
  private static final float[][][] SEQ_PRED = {random(2, 4, 8, -1, 1), random(2, 4, 9, -1, 1), random(2, 4, 10, -1, 1)};
  private static final float[][][] SEQ_PROB = {random(2, 4, 11, 0.01, 0.99), random(2, 4, 12, 0.01, 0.99),
      random(2, 4, 13, 0.01, 0.99)};
  private static final float[][][] SEQ_BINARY = {{{1, 0, 0, 1}, {0, 1, 1, 1}}, {{0, 0, 0, 1}, {1, 1, 0, 0}},
      {{1, 1, 1, 1}, {0, 0, 0, 0}}};
  private static final int[][] SEQ_LABELS = {{0, 3}, {2, 1}, {3, 3}};
  private static final float[][][] SEQ_ONE_HOT = {oneHot(SEQ_LABELS[0], 4), oneHot(SEQ_LABELS[1], 4),
      oneHot(SEQ_LABELS[2], 4)};
  private static final float[][][] SEQ_CLASS_PROB = {softmax(random(2, 4, 14, -3, 3)),
      softmax(random(2, 4, 15, -3, 3)), softmax(random(2, 4, 16, -3, 3))};

  // issue 17: inputs of the remaining losses
  private static final float[][] POSITIVE_PRED = random(6, 3, 17, 0.05, 3);
  private static final float[][] SIGNED_TRUE = {{1, -1, 1}, {-1, -1, 1}, {1, 1, -1}, {-1, 1, -1}, {1, -1, -1},
      {-1, 1, 1}};
  private static final float[][] WITH_ZERO_ROW = {{0, 0, 0}, {1, 2, 3}, {-1, 0.5f, 2}, {0, 0, 1e-3f}, {3, -3, 0},
      {0.2f, 0.2f, 0.2f}};
  private static final int[] LABELS_WITH_PADDING = {0, 3, -1, 4, -1, 2};
  private static final int[] CIRCLE_LABELS = {0, 1, 0, 1, 2, 2};
  private static final int[] CIRCLE_SINGLETONS = {0, 1, 0, 3, 2, 2};
  private static final float[][] EMBEDDINGS = unitRows(random(6, 4, 18, -1, 1));
  private static final int[][] CTC_LABELS = {{1, 2, 0}, {3, 3, 1}, {2, 0, 0}, {1, 2, 3}, {3, 0, 0}, {2, 2, 2}};
  private static final float[][][] CTC_LOGITS = {random(6, 4, 19, -2, 2), random(6, 4, 20, -2, 2),
      random(6, 4, 21, -2, 2), random(6, 4, 22, -2, 2), random(6, 4, 23, -2, 2), random(6, 4, 24, -2, 2)};

  private static float[][] unitRows(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double norm = 0;
      for (float v : rows[i]) {
        norm += v * v;
      }
      out[i] = new float[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = (float) (rows[i][j] / Math.sqrt(norm));
      }
    }
    return out;
  }

  private static float[][] random(int rows, int cols, long seed, double low, double high) {
    java.util.Random r = new java.util.Random(seed);
    float[][] out = new float[rows][cols];
    for (float[] row : out) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (low + (high - low) * r.nextDouble());
      }
    }
    return out;
  }

  /** 24 rows of scores as 6 samples of 2 x 2 pixels (softmax first when they are not one-hot). */
  private static float[][][][] segmentation(float[][] rows) {
    float[][] values = rows[0][0] == 0 || rows[0][0] == 1 ? rows : softmax(rows);
    float[][][][] out = new float[6][2][2][];
    for (int i = 0; i < 24; i++) {
      out[i / 4][(i / 2) % 2][i % 2] = values[i];
    }
    return out;
  }

  private static float[][] oneHot(int[] labels, int classes) {
    float[][] out = new float[labels.length][classes];
    for (int i = 0; i < labels.length; i++) {
      out[i][labels[i]] = 1;
    }
    return out;
  }

  private static float[][] softmax(float[][] logits) {
    float[][] out = new float[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double sum = 0;
      for (float v : logits[i]) {
        sum += Math.exp(v);
      }
      out[i] = new float[logits[i].length];
      for (int j = 0; j < logits[i].length; j++) {
        out[i][j] = (float) (Math.exp(logits[i][j]) / sum);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- the case list: one line per object

  static {
    for (Method m : activationMethods()) {
      activation(snake(m.getName()));
    }

    deterministic(new Zeros());
    deterministic(new Ones());
    deterministic(new Constant(0.7));
    random(new RandomUniform(), true);
    random(new RandomUniform(-1, 3, 5), true);
    random(new RandomNormal(), false);
    random(new RandomNormal(1, 2, 5), false);
    random(new TruncatedNormal(), true);
    random(new TruncatedNormal(-1, 0.5, 5), true);
    random(new VarianceScaling(), true);
    random(new VarianceScaling(2.0, VarianceScaling.Mode.FAN_OUT, VarianceScaling.Distribution.UNIFORM, 0), true);
    random(new VarianceScaling(0.5, VarianceScaling.Mode.FAN_AVG,
        VarianceScaling.Distribution.UNTRUNCATED_NORMAL, 3), false);
    random(new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM, 0,
        new int[] {1}, new int[] {0}), true);
    random(new HeNormal(0, new int[] {-1}, new int[] {0}), true);
    random(new GlorotUniform(), true);
    random(new GlorotNormal(), true);
    random(new HeUniform(), true);
    random(new HeNormal(), true);
    random(new LecunUniform(), true);
    random(new LecunNormal(), true);
    orthogonal(new Orthogonal(), new long[] {300, 120});
    orthogonal(new Orthogonal(2.0, 5), new long[] {40, 3, 200});

    regularizer(new L1L2(0.01, 0));
    regularizer(new L1L2(0, 0.02));
    regularizer(new L1L2(0.01, 0.02));

    constraint(new MaxNorm());
    constraint(new MaxNorm(1.5, 1));
    constraint(new NonNeg());
    constraint(new UnitNorm());
    constraint(new UnitNorm(1));
    constraint(new MinMaxNorm());
    constraint(new MinMaxNorm(0.5, 2, 0.7, 1));

    for (String name : List.of("mse", "mean_squared_error", "mae", "mean_absolute_error", "huber")) {
      loss(Losses.get(name), name, REG_TRUE, REG_PRED);
    }
    loss(Losses.get("binary_crossentropy"), "binary_crossentropy", MULTI_TRUE, MULTI_PROB);
    loss(Losses.get("categorical_crossentropy"), "categorical_crossentropy", ONE_HOT, CLASS_PROB);
    loss(Losses.get("sparse_categorical_crossentropy"), "sparse_categorical_crossentropy", LABELS, CLASS_PROB);
    loss(new MeanSquaredError(), REG_TRUE, REG_PRED);
    loss(new MeanAbsoluteError(), REG_TRUE, REG_PRED);
    loss(new Huber(), REG_TRUE, REG_PRED);
    loss(new Huber(0.5), REG_TRUE, REG_PRED);
    loss(new BinaryCrossentropy(), BIN_TRUE, BIN_PROB);
    loss(new BinaryCrossentropy(true), BIN_TRUE, BIN_LOGITS);
    loss(new CategoricalCrossentropy(), ONE_HOT, CLASS_PROB);
    loss(new CategoricalCrossentropy(true), ONE_HOT, CLASS_LOGITS);
    loss(new SparseCategoricalCrossentropy(), LABELS, CLASS_PROB);
    loss(new SparseCategoricalCrossentropy(true), LABELS, CLASS_LOGITS);
    loss(new MeanSquaredError("my_mse"), REG_TRUE, REG_PRED);
    loss(new BinaryCrossentropy(), BIN_TRUE, BIN_SATURATED);
    loss(new BinaryCrossentropy(true), BIN_TRUE, BIN_HUGE_LOGITS);
    loss(new CategoricalCrossentropy(), ONE_HOT, CLASS_SATURATED);
    loss(new CategoricalCrossentropy(true), ONE_HOT, CLASS_HUGE_LOGITS);
    loss(new SparseCategoricalCrossentropy(), LABELS, CLASS_SATURATED);
    loss(new SparseCategoricalCrossentropy(true), LABELS, CLASS_HUGE_LOGITS);
    loss(new Huber(2.0), REG_TRUE, X_AS_PREDICTIONS);
    sequenceLoss(new MeanSquaredError(), SEQ_TRUE, SEQ_PRED);
    sequenceLoss(new MeanAbsoluteError(), SEQ_TRUE, SEQ_PRED);
    sequenceLoss(new Huber(0.5), SEQ_TRUE, SEQ_PRED);
    sequenceLoss(new BinaryCrossentropy(), SEQ_BINARY, SEQ_PROB);
    sequenceLoss(new CategoricalCrossentropy(), SEQ_ONE_HOT, SEQ_CLASS_PROB);
    sequenceLoss(new SparseCategoricalCrossentropy(), SEQ_LABELS, SEQ_CLASS_PROB);
    // issue 17: the rest of Keras's losses, their options and reductions
    for (String name : List.of("kl_divergence", "kld", "KLD", "poisson", "categorical_hinge", "cosine_similarity")) {
      loss(Losses.get(name), name, ONE_HOT, CLASS_PROB);
    }
    for (String name : List.of("log_cosh", "hinge", "squared_hinge", "mean_squared_logarithmic_error", "msle", "MSLE",
        "mean_absolute_percentage_error", "mape", "MAPE", "MSE", "MAE")) {
      loss(Losses.get(name), name, REG_TRUE, REG_PRED);
    }
    for (String name : List.of("binary_focal_crossentropy", "bce", "BCE", "dice", "tversky")) {
      loss(Losses.get(name), name, MULTI_TRUE, MULTI_PROB);
    }
    loss(Losses.get("categorical_focal_crossentropy"), "categorical_focal_crossentropy", ONE_HOT, CLASS_PROB);
    loss(Losses.get("circle"), "circle", CIRCLE_LABELS, EMBEDDINGS);
    loss(Losses.get("ctc"), "ctc", CTC_LABELS, CTC_LOGITS);
    for (String name : List.of("KLDivergence", "Poisson", "CategoricalCrossentropy", "CategoricalFocalCrossentropy",
        "CategoricalHinge", "CosineSimilarity")) {
      loss(Losses.get(name), name, ONE_HOT, CLASS_PROB);
    }
    for (String name : List.of("MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
        "MeanSquaredLogarithmicError", "LogCosh", "Huber", "Hinge", "SquaredHinge")) {
      loss(Losses.get(name), name, REG_TRUE, REG_PRED);
    }
    for (String name : List.of("BinaryCrossentropy", "BinaryFocalCrossentropy", "Dice", "Tversky")) {
      loss(Losses.get(name), name, MULTI_TRUE, MULTI_PROB);
    }
    loss(Losses.get("SparseCategoricalCrossentropy"), "SparseCategoricalCrossentropy", LABELS, CLASS_PROB);
    loss(Losses.get("Circle"), "Circle", CIRCLE_LABELS, EMBEDDINGS);
    loss(Losses.get("CTC"), "CTC", CTC_LABELS, CTC_LOGITS);
    for (String name : List.of("crossentropy", "ce")) {
      loss(Losses.get(name), name, BIN_TRUE, BIN_PROB);
      loss(Losses.get(name), name, LABELS, CLASS_PROB);
      loss(Losses.get(name), name, ONE_HOT, CLASS_PROB);
    }
    loss(new KLDivergence(), ONE_HOT, CLASS_PROB);
    loss(new KLDivergence(), MULTI_TRUE, MULTI_PROB);
    loss(new Poisson(), MULTI_TRUE, MULTI_PROB);
    loss(new Poisson(), REG_TRUE, POSITIVE_PRED);
    loss(new LogCosh(), REG_TRUE, REG_PRED);
    loss(new LogCosh(), REG_TRUE, X_AS_PREDICTIONS);
    loss(new CosineSimilarity(), REG_TRUE, REG_PRED);
    unweightedLoss(new CosineSimilarity().axis(1), SEQ_TRUE, SEQ_PRED);
    loss(new CosineSimilarity(), REG_TRUE, WITH_ZERO_ROW);
    loss(new Hinge(), BIN_TRUE, BIN_LOGITS);
    loss(new Hinge(), SIGNED_TRUE, REG_PRED);
    loss(new Hinge(), REG_TRUE, REG_PRED);
    loss(new SquaredHinge(), BIN_TRUE, BIN_LOGITS);
    loss(new SquaredHinge(), SIGNED_TRUE, REG_PRED);
    loss(new CategoricalHinge(), ONE_HOT, CLASS_LOGITS);
    loss(new MeanSquaredLogarithmicError(), REG_TRUE, REG_PRED);
    loss(new MeanSquaredLogarithmicError(), MULTI_TRUE, POSITIVE_PRED);
    loss(new dev.jkeras.losses.MeanAbsolutePercentageError(), REG_TRUE, REG_PRED);
    loss(new BinaryFocalCrossentropy(), MULTI_TRUE, MULTI_PROB);
    loss(new BinaryFocalCrossentropy().applyClassBalancing(true).alpha(0.4).gamma(1.5), MULTI_TRUE, MULTI_PROB);
    loss(new BinaryFocalCrossentropy().fromLogits(true).labelSmoothing(0.2), BIN_TRUE, BIN_LOGITS);
    unweightedLoss(new BinaryFocalCrossentropy("focal").gamma(0).axis(0), MULTI_TRUE, MULTI_PROB);
    loss(new CategoricalFocalCrossentropy(), ONE_HOT, CLASS_PROB);
    loss(new CategoricalFocalCrossentropy().alpha(0.5).gamma(3).labelSmoothing(0.1), ONE_HOT, CLASS_PROB);
    loss(new CategoricalFocalCrossentropy().fromLogits(true), ONE_HOT, CLASS_LOGITS);
    unweightedLoss(new CategoricalFocalCrossentropy().axis(0), ONE_HOT, CLASS_PROB);
    loss(new BinaryCrossentropy().labelSmoothing(0.1), MULTI_TRUE, MULTI_PROB);
    loss(new BinaryCrossentropy(true).labelSmoothing(0.3), BIN_TRUE, BIN_LOGITS);
    unweightedLoss(new BinaryCrossentropy().axis(0), MULTI_TRUE, MULTI_PROB);
    loss(new CategoricalCrossentropy().labelSmoothing(0.1), ONE_HOT, CLASS_PROB);
    loss(new CategoricalCrossentropy(true).labelSmoothing(0.2), ONE_HOT, CLASS_LOGITS);
    unweightedLoss(new CategoricalCrossentropy().axis(0), ONE_HOT, CLASS_PROB);
    loss(new SparseCategoricalCrossentropy().ignoreClass(4), LABELS, CLASS_PROB);
    loss(new SparseCategoricalCrossentropy(true).ignoreClass(0), LABELS, CLASS_LOGITS);
    loss(new SparseCategoricalCrossentropy().ignoreClass(-1), LABELS_WITH_PADDING, CLASS_PROB);
    loss(new SparseCategoricalCrossentropy().ignoreClass(4).reduction("sum"), LABELS, CLASS_PROB);
    loss(new SparseCategoricalCrossentropy().ignoreClass(4).reduction(null), LABELS, CLASS_PROB);
    sequenceLoss(new SparseCategoricalCrossentropy().ignoreClass(3), SEQ_LABELS, SEQ_CLASS_PROB);
    loss(new Dice(), MULTI_TRUE, MULTI_PROB);
    loss(new Dice().axis(1), MULTI_TRUE, MULTI_PROB);
    loss(new Tversky(), MULTI_TRUE, MULTI_PROB);
    loss(new Tversky().alpha(0.3).beta(0.7).axis(1), MULTI_TRUE, MULTI_PROB);
    loss(new Circle(), CIRCLE_LABELS, EMBEDDINGS);
    loss(new Circle().gamma(10).margin(0.25).removeDiagonal(false), CIRCLE_LABELS, EMBEDDINGS);
    loss(new Circle(), CIRCLE_SINGLETONS, EMBEDDINGS);
    loss(new CTC(), CTC_LABELS, CTC_LOGITS);
    loss(new dev.jkeras.losses.CategoricalGeneralizedCrossEntropy(), LABELS, CLASS_PROB);
    loss(new dev.jkeras.losses.CategoricalGeneralizedCrossEntropy(0.2, "gce").reduction("sum"), LABELS, CLASS_PROB);
    loss(new CTC("my_ctc").reduction("sum"), CTC_LABELS, CTC_LOGITS);
    for (String reduction : java.util.Arrays.asList("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight",
        "none", null)) {
      loss(new MeanSquaredError().reduction(reduction), REG_TRUE, REG_PRED);
      loss(new Hinge().reduction(reduction), BIN_TRUE, BIN_LOGITS);
      loss(new Dice().reduction(reduction), MULTI_TRUE, MULTI_PROB);
      sequenceLoss(new MeanAbsoluteError().reduction(reduction), SEQ_TRUE, SEQ_PRED);
    }
    long[][][] mismatches = {{{4, 3}, {4, 2}}, {{4}, {4, 3}}, {{4, 1}, {4, 3}}, {{4, 3}, {4, 3}}, {{4, 2, 3}, {4, 3}},
        {{4}, {4, 1}}, {{4, 1}, {4, 1}}, {{4, 3, 1}, {4, 3}}, {{4, 2}, {4, 3}}};
    for (String name : List.of("kl_divergence", "poisson", "log_cosh", "cosine_similarity", "hinge", "squared_hinge",
        "categorical_hinge", "mean_squared_logarithmic_error", "mean_absolute_percentage_error",
        "binary_focal_crossentropy", "categorical_focal_crossentropy", "dice", "tversky")) {
      for (long[][] pair : mismatches) {
        // Keras's numpy normalize turns a rank-1 target into a row, (1, 4), so its message names that shape.
        if (!(name.equals("cosine_similarity") && pair[0].length == 1 && pair[1].length == 2 && pair[1][1] != 1)) {
          targetShapes("loss", name, pair[0], pair[1]);
        }
      }
    }

    namedMetric("accuracy", BIN_TRUE, BIN_PROB);
    namedMetric("accuracy", ONE_HOT, CLASS_PROB);
    namedMetric("accuracy", LABELS, CLASS_PROB);
    namedMetric("binary_accuracy", MULTI_TRUE, MULTI_PROB);
    namedMetric("categorical_accuracy", ONE_HOT, CLASS_PROB);
    namedMetric("sparse_categorical_accuracy", LABELS, CLASS_PROB);
    for (String name : List.of("mae", "mean_absolute_error", "mse", "mean_squared_error", "root_mean_squared_error",
        "mape", "mean_absolute_percentage_error")) {
      namedMetric(name, REG_TRUE, REG_PRED);
    }
    for (String name : List.of("precision", "recall", "auc")) {
      namedMetric(name, BIN_TRUE, BIN_PROB);
    }
    namedMetric("top_k_categorical_accuracy", ONE_HOT, CLASS_PROB);
    namedMetric("sparse_top_k_categorical_accuracy", LABELS, CLASS_PROB);
    metric(new Precision(), BIN_TRUE, BIN_PROB);
    metric(new Precision("precision_at_0.3").thresholds(0.3), MULTI_TRUE, MULTI_PROB);
    metric(new Recall(), BIN_TRUE, BIN_PROB);
    metric(new Recall("recall_top_2").topK(2), MULTI_TRUE, MULTI_PROB);
    metric(new AUC(), BIN_TRUE, BIN_PROB);
    metric(new AUC("pr_auc").curve("PR").numThresholds(50), MULTI_TRUE, MULTI_PROB);
    metric(new AUC("logits_auc").fromLogits(true).summationMethod("minoring"), BIN_TRUE, BIN_LOGITS);
    metric(new TopKCategoricalAccuracy(2), ONE_HOT, CLASS_PROB);
    metric(new SparseTopKCategoricalAccuracy(2), LABELS, CLASS_PROB);
    metric(new RootMeanSquaredError(), REG_TRUE, REG_PRED);
    metric(new MeanAbsolutePercentageError(), REG_TRUE, REG_PRED);
    mean(new Mean("mean"), REG_PRED);
    // issue 17: loss-based metrics
    for (String name : List.of("binary_crossentropy", "bce", "BCE")) {
      namedMetric(name, MULTI_TRUE, MULTI_PROB);
    }
    for (String name : List.of("categorical_crossentropy", "kl_divergence", "poisson", "cosine_similarity",
        "categorical_hinge")) {
      namedMetric(name, ONE_HOT, CLASS_PROB);
    }
    namedMetric("sparse_categorical_crossentropy", LABELS, CLASS_PROB);
    for (String name : List.of("log_cosh_error", "hinge", "squared_hinge", "mean_squared_logarithmic_error", "msle",
        "MSLE")) {
      namedMetric(name, REG_TRUE, REG_PRED);
    }
    for (String name : List.of("KLDivergence", "Poisson", "CategoricalCrossentropy", "CosineSimilarity",
        "CategoricalHinge")) {
      namedMetric(name, ONE_HOT, CLASS_PROB);
    }
    for (String name : List.of("LogCoshError", "Hinge", "SquaredHinge", "MeanSquaredLogarithmicError")) {
      namedMetric(name, REG_TRUE, REG_PRED);
    }
    namedMetric("BinaryCrossentropy", MULTI_TRUE, MULTI_PROB);
    namedMetric("SparseCategoricalCrossentropy", LABELS, CLASS_PROB);
    metric(new dev.jkeras.metrics.BinaryCrossentropy(), MULTI_TRUE, MULTI_PROB);
    metric(new dev.jkeras.metrics.BinaryCrossentropy("bce_logits", true, 0.2), BIN_TRUE, BIN_LOGITS);
    metric(new dev.jkeras.metrics.CategoricalCrossentropy(), ONE_HOT, CLASS_PROB);
    metric(new dev.jkeras.metrics.CategoricalCrossentropy("cce", true, 0.1, -1), ONE_HOT, CLASS_LOGITS);
    metric(new dev.jkeras.metrics.SparseCategoricalCrossentropy(), LABELS, CLASS_PROB);
    metric(new dev.jkeras.metrics.SparseCategoricalCrossentropy("scce", true, null, -1), LABELS, CLASS_LOGITS);
    metric(new dev.jkeras.metrics.SparseCategoricalCrossentropy("scce_ignore", false, 4, -1), LABELS, CLASS_PROB);
    metric(new dev.jkeras.metrics.KLDivergence(), ONE_HOT, CLASS_PROB);
    metric(new dev.jkeras.metrics.Poisson(), REG_TRUE, POSITIVE_PRED);
    metric(new dev.jkeras.metrics.LogCoshError(), REG_TRUE, REG_PRED);
    metric(new dev.jkeras.metrics.CosineSimilarity(), REG_TRUE, REG_PRED);
    metric(new dev.jkeras.metrics.Hinge(), BIN_TRUE, BIN_LOGITS);
    metric(new dev.jkeras.metrics.SquaredHinge(), SIGNED_TRUE, REG_PRED);
    metric(new dev.jkeras.metrics.CategoricalHinge(), ONE_HOT, CLASS_LOGITS);
    metric(new dev.jkeras.metrics.MeanSquaredLogarithmicError(), REG_TRUE, POSITIVE_PRED);
    // issue 17: metrics
    metric(new F1Score(), MULTI_TRUE, MULTI_PROB);
    metric(new F1Score("f1_micro").average("micro").threshold(0.5), MULTI_TRUE, MULTI_PROB);
    metric(new F1Score("f1_macro").average("macro"), ONE_HOT, CLASS_PROB);
    metric(new F1Score("f1_weighted").average("weighted").threshold(0.4), MULTI_TRUE, MULTI_PROB);
    metric(new FBetaScore().beta(2.0).threshold(0.5), MULTI_TRUE, MULTI_PROB);
    metric(new FBetaScore("fbeta_macro").average("macro").beta(0.5), ONE_HOT, CLASS_PROB);
    metric(new FBetaScore("fbeta_weighted").average("weighted").beta(3.0), ONE_HOT, CLASS_PROB);
    metric(new IoU(3, 0, 2), IOU_TRUE, IOU_PRED);
    metric(new IoU("iou_scores", 5, 4).sparseYPred(false), LABELS, CLASS_PROB);
    metric(new MeanIoU(3), IOU_TRUE, IOU_PRED);
    metric(new MeanIoU(4, "mean_iou_ignore").ignoreClass(1), IOU_TRUE, IOU_PRED);
    metric(new MeanIoU(3, "mean_iou_float").dtype("float32"), IOU_TRUE, IOU_PRED);
    metric(new MeanIoU(5, "mean_iou_scores").sparseYPred(false), LABELS, CLASS_PROB);
    metric(new MeanIoU(5, "mean_iou_one_hot").sparseYTrue(false).sparseYPred(false), ONE_HOT, CLASS_PROB);
    unweightedMetric(new MeanIoU(3, "mean_iou_segmentation").sparseYPred(false), SEG_LABELS, SEG_PROB);
    unweightedMetric(new MeanIoU(3, "mean_iou_seg_ignore").ignoreClass(0).sparseYPred(false), SEG_LABELS, SEG_PROB);
    metric(new BinaryIoU(), BIN_TRUE, BIN_PROB);
    metric(new BinaryIoU("binary_iou_1", 1).threshold(0.3), BIN_TRUE, BIN_PROB);
    unweightedMetric(new BinaryIoU("binary_iou_multi", 0), MULTI_TRUE, MULTI_PROB);
    metric(new OneHotIoU(5, 1, 3), ONE_HOT, CLASS_PROB);
    metric(new OneHotIoU("one_hot_iou_ignore", 5, 0, 4).ignoreClass(4), ONE_HOT, CLASS_PROB);
    metric(new OneHotMeanIoU(5), ONE_HOT, CLASS_PROB);
    metric(new OneHotMeanIoU(5, "one_hot_mean_iou_ids").sparseYPred(true), ONE_HOT, PRED_IDS);
    unweightedMetric(new OneHotMeanIoU(3, "one_hot_mean_iou_segmentation"), SEG_ONE_HOT, SEG_PROB);
    metric(new TruePositives(), BIN_TRUE, BIN_PROB);
    metric(new FalsePositives("fp_3").thresholds(0.15, 0.5, 0.8), MULTI_TRUE, MULTI_PROB);
    metric(new TrueNegatives("tn_0.3").thresholds(0.3), BIN_TRUE, BIN_PROB);
    metric(new FalseNegatives("fn_ends").thresholds(0.0, 0.45, 1.0), MULTI_TRUE, MULTI_PROB);
    metric(new TruePositives("tp_one_in_list").thresholds(new double[] {0.6}), MULTI_TRUE, MULTI_PROB);
    metric(new Precision("precision_3").thresholds(0.2, 0.5, 0.7), MULTI_TRUE, MULTI_PROB);
    metric(new Recall("recall_2").thresholds(0.3, 0.6), BIN_TRUE, BIN_PROB);
    metric(new Recall("recall_2_class_1").thresholds(0.3, 0.6).classId(1), MULTI_TRUE, MULTI_PROB);
    metric(new Precision("precision_top_2_list").topK(2).thresholds(0.1, 0.4), MULTI_TRUE, MULTI_PROB);
    metric(new PrecisionAtRecall(0.5), BIN_TRUE, BIN_PROB);
    metric(new PrecisionAtRecall(0.8, "par_class_2").numThresholds(50).classId(2), MULTI_TRUE, MULTI_PROB);
    metric(new RecallAtPrecision(0.6), BIN_TRUE, BIN_PROB);
    metric(new RecallAtPrecision(0.9, "rap_multi").numThresholds(10), MULTI_TRUE, MULTI_PROB);
    metric(new SensitivityAtSpecificity(0.5), MULTI_TRUE, MULTI_PROB);
    metric(new SensitivityAtSpecificity(0.8, "sas_class_1").classId(1), ONE_HOT, CLASS_PROB);
    metric(new SpecificityAtSensitivity(0.7, "sas_one_threshold").numThresholds(1), BIN_TRUE, BIN_PROB);
    metric(new SpecificityAtSensitivity(0.4), MULTI_TRUE, MULTI_PROB);
    metric(new TruePositives("tp_even_saturated").thresholds(0, 0.5, 1), BIN_TRUE, BIN_SATURATED);
    metric(new FalsePositives("fp_even_saturated").thresholds(0, 0.5, 1), BIN_TRUE, BIN_SATURATED);
    metric(new PrecisionAtRecall(0.5, "par_saturated").numThresholds(3), BIN_TRUE, BIN_SATURATED);
    metric(new SpecificityAtSensitivity(0.5, "sas_saturated").numThresholds(5), BIN_TRUE, BIN_SATURATED);
    metric(new AUC("auc_saturated").numThresholds(3), BIN_TRUE, BIN_SATURATED);
    metric(new Precision("precision_even_saturated").thresholds(0, 0.5, 1), BIN_TRUE, BIN_SATURATED);
    metric(new R2Score(), REG_TRUE, REG_PRED);
    metric(new R2Score("r2_raw").classAggregation(null), REG_TRUE, REG_PRED);
    metric(new R2Score("r2_variance").classAggregation("variance_weighted_average").numRegressors(2), REG_TRUE,
        REG_PRED);
    metric(new R2Score("r2_too_few").numRegressors(30), REG_TRUE, REG_PRED);
    metric(new R2Score("r2_one_output"), BIN_TRUE, BIN_PROB);
    metric(new Accuracy(), BIN_TRUE, BIN_SATURATED);
    metric(new Accuracy("accuracy_ids"), LABELS, PRED_IDS);
    mean(new Sum(), REG_PRED);
    mean(new Sum("sum_values"), MULTI_PROB);
    metric(new AUC("multi_label_auc").multiLabel(true), MULTI_TRUE, MULTI_PROB);
    metric(new AUC("multi_label_pr").multiLabel(true).numLabels(3).curve("PR").labelWeights(1, 0.5, 2), MULTI_TRUE,
        MULTI_PROB);
    metric(new AUC("multi_label_majoring").multiLabel(true).summationMethod("majoring").numThresholds(20),
        ONE_HOT, CLASS_PROB);
    metric(new AUC("label_weighted_auc").labelWeights(0.2, 1, 3), MULTI_TRUE, MULTI_PROB);
    metric(new AUC("auc_thresholds").thresholds(0.7, 0.2, 0.5), BIN_TRUE, BIN_PROB);
    metric(new AUC("multi_label_pr_thresholds").multiLabel(true).curve("PR").thresholds(0.1, 0.3, 0.35, 0.9),
        MULTI_TRUE, MULTI_PROB);
    for (String name : List.of("f1_score", "f_beta_score")) {
      namedMetric(name, ONE_HOT, CLASS_PROB);
    }
    namedMetric("r2_score", REG_TRUE, REG_PRED);
    for (String name : List.of("true_positives", "false_positives", "true_negatives", "false_negatives")) {
      namedMetric(name, BIN_TRUE, BIN_PROB);
    }

    long[][][] shapePairs = {{{4, 3}, {4, 2}}, {{4}, {4, 3}}, {{4, 1}, {4, 3}}, {{4, 3}, {4, 3}}, {{4, 2, 3}, {4, 3}},
        {{4}, {4, 1}}, {{4, 1}, {4, 1}}, {{4, 3, 1}, {4, 3}}, {{4, 2}, {4, 3}}};
    for (String name : List.of("mean_squared_error", "mean_absolute_error", "huber", "binary_crossentropy",
        "categorical_crossentropy", "sparse_categorical_crossentropy")) {
      for (long[][] pair : shapePairs) {
        targetShapes("loss", name, pair[0], pair[1]);
      }
    }
    for (String name : List.of("binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "mae", "mse",
        "root_mean_squared_error", "mape", "precision", "recall", "auc")) {
      for (long[][] pair : shapePairs) {
        targetShapes("metric", name, pair[0], pair[1]);
      }
    }
    // issue 17: metrics (target shapes of the confusion counts by name, which take Precision's rule)
    for (String name : List.of("true_positives", "false_positives", "true_negatives", "false_negatives")) {
      for (long[][] pair : shapePairs) {
        targetShapes("metric", name, pair[0], pair[1]);
      }
    }
  }

  // ---------------------------------------------------------------- case builders

  private static void add(String kind, Class<?> covers, String label, Map<String, Object> oracle,
      Function<Map<String, Object>, String> check) {
    String id = kind + "#" + CASES.size() + " " + label;
    Map<String, Object> request = new LinkedHashMap<>(oracle);
    request.put("id", id);
    request.put("kind", kind);
    CASES.add(new Case(id, kind, covers, request, check));
  }

  private static List<Method> activationMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method m : Activations.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
          && m.getParameterCount() == 1 && m.getParameterTypes()[0] == KerasTensor.class
          && m.getReturnType() == KerasTensor.class) {
        methods.add(m);
      }
    }
    methods.sort(java.util.Comparator.comparing(Method::getName));
    return methods;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static void activation(String name) {
    add("activation", null, name, Map.of("name", name, "x", X), keras -> {
      NdArray<?> out = eager(() -> Activations.get(name).apply(tensor(X)));
      return Values.compare(Values.flat(keras.get("value")), Values.flat(out), 1e-6);
    });
  }

  private static void deterministic(Initializer init) {
    long[] shape = {3, 4};
    add("initializer", init.getClass(), init.toString(), initializerRequest(init, shape, true), keras -> {
      NdArray<?> out = eager(() -> init.apply(Shape.of(shape), DType.FLOAT32));
      return first(configDiff(keras, init), Values.compare(Values.flat(keras.get("value")), Values.flat(out), 1e-7));
    });
  }

  private static Map<String, Object> initializerRequest(Initializer init, long[] shape, boolean deterministic) {
    return Map.of("serialized", Serialization.serialize(init), "shape", shape, "deterministic", deterministic);
  }

  /** Distribution moments of a large weight: mean, standard deviation, and (when bounded) its bounds. */
  private static void random(Initializer init, boolean bounded) {
    long[] shape = {300, 200};
    add("initializer", init.getClass(), Serialization.serialize(init).get("config").toString(),
        initializerRequest(init, shape, false), keras -> {
          Map<String, Double> jk = moments(Values.flat(eager(() -> init.apply(Shape.of(shape), DType.FLOAT32))));
          @SuppressWarnings("unchecked")
          Map<String, Number> k = (Map<String, Number>) keras.get("moments");
          double std = k.get("std").doubleValue();
          double n = 300.0 * 200;
          List<String> diffs = new ArrayList<>();
          // Six standard deviations of the difference of two independent sample means.
          within(diffs, "mean", k.get("mean").doubleValue(), jk.get("mean"), 6 * Math.sqrt(2) * std / Math.sqrt(n));
          within(diffs, "std", std, jk.get("std"), 0.02 * std);
          if (bounded) {
            within(diffs, "min", k.get("min").doubleValue(), jk.get("min"), 0.02 * std);
            within(diffs, "max", k.get("max").doubleValue(), jk.get("max"), 0.02 * std);
          }
          return first(configDiff(keras, init), diffs.isEmpty() ? null : String.join("; ", diffs));
        });
  }

  private static void orthogonal(Orthogonal init, long[] shape) {
    add("initializer", init.getClass(), "gain " + init.gain() + " shape " + java.util.Arrays.toString(shape),
        initializerRequest(init, shape, false), keras -> {
          NdArray<?> out = eager(() -> init.apply(Shape.of(shape), DType.FLOAT32));
          double[] values = Values.flat(out);
          Map<String, Double> jk = gram(values, Math.toIntExact(shape[shape.length - 1]));
          @SuppressWarnings("unchecked")
          Map<String, Number> k = (Map<String, Number>) keras.get("moments");
          double g2 = init.gain() * init.gain();
          List<String> diffs = new ArrayList<>();
          within(diffs, "Gram diagonal", k.get("gram_diagonal_mean").doubleValue(), jk.get("diagonal"), 1e-4 * g2);
          within(diffs, "Gram off-diagonal", k.get("gram_off_diagonal_max").doubleValue(), jk.get("offDiagonal"),
              1e-4 * g2);
          within(diffs, "std", k.get("std").doubleValue(), moments(values).get("std"), 1e-4);
          return first(configDiff(keras, init), diffs.isEmpty() ? null : String.join("; ", diffs));
        });
  }

  private static void regularizer(Regularizer regularizer) {
    add("regularizer", regularizer.getClass(), regularizer.toString(),
        Map.of("serialized", Serialization.serialize(regularizer), "w", W), keras -> {
          NdArray<?> out = eager(() -> regularizer.apply(tensor(W)));
          return first(configDiff(keras, regularizer),
              Values.compare(Values.flat(keras.get("value")), Values.flat(out), 1e-6));
        });
  }

  private static void constraint(Constraint constraint) {
    add("constraint", constraint.getClass(), Serialization.serialize(constraint).get("config").toString(),
        Map.of("serialized", Serialization.serialize(constraint), "w", W), keras -> {
          NdArray<?> out = eager(() -> constraint.apply(tensor(W)));
          return first(configDiff(keras, constraint),
              Values.compare(Values.flat(keras.get("value")), Values.flat(out), 1e-6));
        });
  }

  /** A loss object: Keras rebuilds it from jkeras's saved form, and its config must equal jkeras's. */
  private static void loss(Loss loss, Object yTrue, Object yPred) {
    loss(loss, Serialization.serialize(loss), yTrue, yPred);
  }

  /**
   * The loss, unweighted and with sample weights: per-sample values and the reduced value; for a loss
   * object also its config.
   */
  private static void loss(Loss loss, Object kerasSpec, Object yTrue, Object yPred) {
    loss(loss, kerasSpec, yTrue, yPred, new boolean[] {false, true});
  }

  /** As {@link #loss(Loss, Object, Object, Object)}, unweighted only: values per class or step, not per sample. */
  private static void unweightedLoss(Loss loss, Object yTrue, Object yPred) {
    loss(loss, Serialization.serialize(loss), yTrue, yPred, new boolean[] {false});
  }

  private static void loss(Loss loss, Object kerasSpec, Object yTrue, Object yPred, boolean[] weightings) {
    for (boolean weighted : weightings) {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("loss", kerasSpec);
      request.put("y_true", yTrue);
      request.put("y_true_dtype", yTrue instanceof int[] || yTrue instanceof int[][] ? "int32" : "float32");
      request.put("y_pred", yPred);
      if (weighted) {
        request.put("sample_weight", WEIGHTS);
      }
      String label = kerasSpec instanceof String ? (String) kerasSpec : loss + " " + loss.getConfig();
      add("loss", loss.getClass(), label + (weighted ? " weighted" : ""), request, keras -> {
        NdArray<?> perSample = eager(() -> loss.call(tensor(yTrue), tensor(yPred)));
        NdArray<?> value = eager(() -> loss.apply(tensor(yTrue), tensor(yPred), weighted ? tensor(WEIGHTS) : null));
        return first(Values.compare(Values.flat(keras.get("per_sample")), Values.flat(perSample), 1e-6),
            Values.compare(Values.flat(keras.get("value")), Values.flat(value), 1e-6),
            kerasSpec instanceof String ? null : configDiff(keras, loss));
      });
    }
  }

  /** A loss on sequence outputs (samples, steps, ...): values per sample and step, and their mean. */
  private static void sequenceLoss(Loss loss, Object yTrue, float[][][] yPred) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("loss", Serialization.serialize(loss));
    request.put("y_true", yTrue);
    request.put("y_true_dtype", yTrue instanceof int[][] ? "int32" : "float32");
    request.put("y_pred", yPred);
    add("loss", loss.getClass(), loss + " on sequences", request, keras -> {
      NdArray<?> perStep = eager(() -> loss.call(tensor(yTrue), tensor(yPred)));
      NdArray<?> value = eager(() -> loss.apply(tensor(yTrue), tensor(yPred), null));
      return first(Values.compare(Values.flat(keras.get("per_sample")), Values.flat(perStep), 1e-6),
          Values.compare(Values.flat(keras.get("value")), Values.flat(value), 1e-6));
    });
  }

  /** A metric by the name compile takes, resolved for these shapes as jkeras's compile does. */
  private static void namedMetric(String name, Object yTrue, float[][] yPred) {
    Metric metric = Metrics.get(name, shape(yTrue), shape(yPred));
    streaming(metric, name, name, yTrue, yPred, true);
  }

  /** A metric object: Keras rebuilds it from jkeras's saved form. */
  private static void metric(Metric metric, Object yTrue, Object yPred) {
    streaming(metric, Metrics.serialize(metric), metric.toString(), yTrue, yPred, true);
  }

  /**
   * As {@link #metric}, all batches unweighted: for targets of more than one label per sample (a
   * segmentation map), where Keras's IoU takes only weights of the targets' shape.
   */
  private static void unweightedMetric(Metric metric, Object yTrue, Object yPred) {
    streaming(metric, Metrics.serialize(metric), metric.toString() + " unweighted", yTrue, yPred, false);
  }

  private static boolean isInt(Object values) {
    return values instanceof int[] || values instanceof int[][] || values instanceof int[][][];
  }

  /**
   * Three batches (the rows in thirds), the second with sample weights, then {@code result()}; and the
   * metric's config as Keras rebuilds it from what jkeras saves.
   */
  private static void streaming(Metric metric, Object kerasSpec, String label, Object yTrue, Object yPred,
      boolean weighted) {
    List<Map<String, Object>> batches = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      Map<String, Object> batch = new LinkedHashMap<>();
      batch.put("y_true", rows(yTrue, b));
      batch.put("y_true_dtype", isInt(yTrue) ? "int32" : "float32");
      batch.put("y_pred", rows(yPred, b));
      if (b == 1 && weighted) {
        batch.put("sample_weight", rows(WEIGHTS, b));
      }
      batches.add(batch);
    }
    add("metric", metric.getClass(), label, Map.of("metric", kerasSpec, "batches", batches), keras -> {
      double[][] value = streamingResult(metric, batches);
      String diff = first(Values.compare(Values.flat(keras.get("value")), value[0], 1e-6),
          prefix("after reset_state and the first batch again", keras.containsKey("after_reset")
              ? Values.compare(Values.flat(keras.get("after_reset")), value[1], 1e-6) : null));
      if (metric instanceof KerasSerializable serializable) {
        @SuppressWarnings("unchecked")
        Map<String, Object> kerasConfig = (Map<String, Object>) keras.get("config");
        diff = first(diff, prefix("config", Values.compareConfigs(kerasConfig, serializable.getConfig())));
        diff = first(diff, prefix("config read back from Keras's", fromKeras(keras, kerasConfig)));
      }
      return diff;
    });
  }

  /** Null when jkeras rebuilds the metric from Keras's own config (as a Keras file holds it) with that config. */
  private static String fromKeras(Map<String, Object> keras, Map<String, Object> kerasConfig) {
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("module", "keras.metrics");
    saved.put("class_name", keras.get("class_name"));
    saved.put("config", kerasConfig);
    saved.put("registered_name", null);
    Object rebuilt = Serialization.deserialize(saved, Metric.class);
    return Values.compareConfigs(kerasConfig, ((KerasSerializable) rebuilt).getConfig());
  }

  /**
   * Targets of shape {@code trueShape} against predictions of shape {@code predShape} under a loss or metric
   * given by name: where Keras raises, jkeras's fit-time check must raise Keras's sentence before the first
   * step; where Keras computes, jkeras must accept them. A pass-through model makes {@code x} the prediction.
   */
  private static void targetShapes(String kind, String name, long[] trueShape, long[] predShape) {
    float[][] flatPred = new float[(int) predShape[0]][(int) (predShape.length > 1 ? predShape[1] : 1)];
    for (float[] row : flatPred) {
      java.util.Arrays.fill(row, 0.5f);
    }
    Object yTrue = zeros(trueShape);
    Object request = kind.equals("loss")
        ? Map.of("loss", name, "y_true", yTrue, "y_pred", flatPred)
        : Map.of("metric", name, "batches", List.of(Map.of("y_true", yTrue, "y_pred", flatPred)));
    String label = name + " y_true " + java.util.Arrays.toString(trueShape) + " y_pred "
        + java.util.Arrays.toString(predShape);
    @SuppressWarnings("unchecked")
    Map<String, Object> oracle = (Map<String, Object>) request;
    CASES.add(new Case("shapes#" + CASES.size() + " " + kind + " " + label, "target shapes", null,
        withId("shapes#" + CASES.size() + " " + kind + " " + label, kind, oracle), keras -> {
          Object jkerasOutcome = evaluateOutcome(kind, name, array(yTrue), array(flatPred));
          String jkerasError = jkerasOutcome instanceof String message ? message : null;
          Object kerasError = keras.get("error");
          if (kerasError == null) {
            return jkerasError != null ? "Keras accepts these shapes, jkeras raised: " + jkerasError
                : Values.compare(Values.flat(keras.get("value")), new double[] {(Double) jkerasOutcome}, 1e-6);
          }
          String sentence = ((String) kerasError).replaceFirst("^\\w+: ", "");
          if (jkerasError == null) {
            return "Keras raised \"" + sentence + "\", jkeras accepted the shapes";
          }
          return jkerasError.contains(sentence) ? null
              : "Keras raised \"" + sentence + "\", jkeras raised \"" + jkerasError + "\"";
        }));
  }

  private static Map<String, Object> withId(String id, String kind, Map<String, Object> oracle) {
    Map<String, Object> request = new LinkedHashMap<>(oracle);
    request.put("id", id);
    request.put("kind", kind);
    return request;
  }

  private static Object zeros(long[] shape) {
    return switch (shape.length) {
      case 1 -> new float[(int) shape[0]];
      case 2 -> new float[(int) shape[0]][(int) shape[1]];
      default -> new float[(int) shape[0]][(int) shape[1]][(int) shape[2]];
    };
  }

  /**
   * What a pass-through model compiled with this loss (or metric, with a loss that takes any targets) gives
   * when it evaluates {@code yPred} against {@code yTrue}: the loss or metric value, or the message raised.
   */
  private static Object evaluateOutcome(String kind, String name, NdArray<?> yTrue, NdArray<?> yPred) {
    int features = Math.toIntExact(yPred.shape().get(1));
    try (dev.jkeras.models.Sequential model = new dev.jkeras.models.Sequential(
        new dev.jkeras.layers.Activation("linear").inputShape(features))) {
      if (kind.equals("loss")) {
        model.compile(c -> c.optimizer("sgd").loss(name));
      } else {
        model.compile(c -> c.optimizer("sgd").loss(Loss.of("zero", (t, p) -> Ops.sum(Ops.multiply(p, 0.0), -1)))
            .metrics(name));
      }
      Map<String, Double> logs = model.evaluate(yPred, yTrue, e -> e.verbose(0));
      return logs.get(kind.equals("loss") ? "loss" : name);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * Keras's {@code Mean} or {@code Sum}: three batches of values (rows in thirds), the second weighted,
   * then the result.
   */
  private static void mean(Metric mean, float[][] values) {
    List<Map<String, Object>> batches = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      Map<String, Object> batch = new LinkedHashMap<>();
      batch.put("values", rows(values, b));
      if (b == 1) {
        batch.put("sample_weight", rows(WEIGHTS, b));
      }
      batches.add(batch);
    }
    add("metric", mean.getClass(), mean.toString(),
        Map.of("metric", Map.of("class_name", mean.getClass().getSimpleName(), "config", Map.of("name", mean.name())),
            "batches", batches),
        keras -> {
          double value;
          try (ModelGraph graph = Backends.get().newGraph("mean")) {
            GraphFunction result = graph.trace(() -> {
              List<Update> updates = new ArrayList<>();
              for (Map<String, Object> batch : batches) {
                Object weight = batch.get("sample_weight");
                KerasTensor w = weight == null ? null : tensor(weight);
                updates.addAll(graph.after(updates, () -> mean instanceof Sum sum
                    ? sum.updateValues(tensor(batch.get("values")), w)
                    : ((Mean) mean).updateValues(tensor(batch.get("values")), w)));
              }
              return graph.function(List.of(), List.of(graph.after(updates, mean::result)), List.of());
            });
            value = ((Number) result.call(List.of()).get(0).getObject()).doubleValue();
          }
          return Values.compare(Values.flat(keras.get("value")), new double[] {value}, 1e-6);
        });
  }

  private static Object rows(Object values, int third) {
    int n = values instanceof int[] a ? a.length : values instanceof float[] f ? f.length : ((Object[]) values).length;
    int from = third * n / 3;
    int to = (third + 1) * n / 3;
    if (values instanceof int[] a) {
      return java.util.Arrays.copyOfRange(a, from, to);
    }
    if (values instanceof float[] f) {
      return java.util.Arrays.copyOfRange(f, from, to);
    }
    return java.util.Arrays.copyOfRange((Object[]) values, from, to);
  }

  // ---------------------------------------------------------------- evaluating jkeras

  private static NdArray<?> eager(java.util.function.Supplier<KerasTensor> body) {
    return Backends.get().eager(() -> List.of(body.get())).get(0);
  }

  private static NdArray<?> array(Object values) {
    if (values instanceof int[] a) {
      return StdArrays.ndCopyOf(a);
    }
    if (values instanceof float[] f) {
      return StdArrays.ndCopyOf(f);
    }
    if (values instanceof float[][][] f) {
      return StdArrays.ndCopyOf(f);
    }
    if (values instanceof int[][] a) {
      return StdArrays.ndCopyOf(a);
    }
    if (values instanceof int[][][] a) {
      return StdArrays.ndCopyOf(a);
    }
    if (values instanceof float[][][][] f) {
      return StdArrays.ndCopyOf(f);
    }
    return StdArrays.ndCopyOf((float[][]) values);
  }

  private static KerasTensor tensor(Object values) {
    return Ops.convertToTensor(array(values));
  }

  private static Shape shape(Object values) {
    return Shape.of(array(values).shape().asArray());
  }

  /**
   * The metric's result after each batch is fed through one traced update function, as a train step does;
   * then its result after a traced reset and the first batch (unweighted) again.
   */
  @SuppressWarnings("unchecked")
  private static double[][] streamingResult(Metric metric, List<Map<String, Object>> batches) {
    try (ModelGraph graph = Backends.get().newGraph("metric")) {
      Map<String, Object> first = batches.get(0);
      Object t0 = first.get("y_true");
      Object p0 = first.get("y_pred");
      DType trueType = isInt(t0) ? DType.INT32 : DType.FLOAT32;
      GraphFunction[] update = graph.trace(() -> {
        KerasTensor t = graph.placeholder("y_true", trueType, shape(t0));
        KerasTensor p = graph.placeholder("y_pred", DType.FLOAT32, shape(p0));
        KerasTensor w = graph.placeholder("sample_weight", DType.FLOAT32, Shape.of(shape(p0).get(0)));
        List<Update> plain = metric.updateState(t, p);
        List<Update> weighted = metric.updateState(t, p, w);
        return new GraphFunction[] {graph.function(List.of(t, p), List.of(), plain),
            graph.function(List.of(t, p, w), List.of(), weighted)};
      });
      for (Map<String, Object> batch : batches) {
        Object weight = batch.get("sample_weight");
        if (weight == null) {
          update[0].call(List.of(graph.feed(array(batch.get("y_true"))), graph.feed(array(batch.get("y_pred")))));
        } else {
          update[1].call(List.of(graph.feed(array(batch.get("y_true"))), graph.feed(array(batch.get("y_pred"))),
              graph.feed(array(weight))));
        }
      }
      GraphFunction result = graph.trace(() -> graph.function(List.of(), List.of(metric.result()), List.of()));
      double[] value = Values.flat(result.call(List.of()).get(0));
      GraphFunction reset = graph.trace(() -> graph.function(List.of(), List.of(), metric.resetState()));
      reset.call(List.of());
      update[0].call(List.of(graph.feed(array(first.get("y_true"))), graph.feed(array(first.get("y_pred")))));
      return new double[][] {value, Values.flat(result.call(List.of()).get(0))};
    }
  }

  // ---------------------------------------------------------------- comparing

  private static Map<String, Double> moments(double[] values) {
    double mean = java.util.Arrays.stream(values).average().orElse(0);
    double var = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElse(0);
    return Map.of("mean", mean, "std", Math.sqrt(var),
        "min", java.util.Arrays.stream(values).min().orElse(0), "max", java.util.Arrays.stream(values).max().orElse(0));
  }

  /** The mean diagonal and largest off-diagonal entry of the Gram matrix of the weight's (rows, cols) view. */
  private static Map<String, Double> gram(double[] values, int cols) {
    int rows = values.length / cols;
    boolean byColumns = rows >= cols;
    int size = byColumns ? cols : rows;
    double diagonal = 0;
    double offDiagonal = 0;
    for (int a = 0; a < size; a++) {
      for (int b = a; b < size; b++) {
        double dot = 0;
        int length = byColumns ? rows : cols;
        for (int i = 0; i < length; i++) {
          dot += byColumns ? values[i * cols + a] * values[i * cols + b] : values[a * cols + i] * values[b * cols + i];
        }
        if (a == b) {
          diagonal += dot / size;
        } else {
          offDiagonal = Math.max(offDiagonal, Math.abs(dot));
        }
      }
    }
    return Map.of("diagonal", diagonal, "offDiagonal", offDiagonal);
  }

  private static void within(List<String> diffs, String what, double keras, double jkeras, double tolerance) {
    if (!(Math.abs(keras - jkeras) <= tolerance)) {
      diffs.add(what + ": Keras " + keras + ", jkeras " + jkeras + " (tolerance " + tolerance + ")");
    }
  }

  /**
   * Keys jkeras saves on purpose where Keras's {@code get_config} leaves them out: Keras's {@code Huber}
   * drops {@code delta}, so a saved Huber(0.5) would come back as Huber(1.0); its {@code from_config} reads it.
   */
  private static final Map<String, Set<String>> DELIBERATE_EXTRA_KEYS = Map.of("Huber", Set.of("delta"),
      "CosineSimilarity", Set.of("axis"));

  @SuppressWarnings("unchecked")
  private static String configDiff(Map<String, Object> keras, KerasSerializable object) {
    Map<String, Object> config = new LinkedHashMap<>(object.getConfig());
    config.keySet().removeAll(DELIBERATE_EXTRA_KEYS.getOrDefault(object.kerasClassName(), Set.of()));
    return prefix("config", Values.compareConfigs((Map<String, Object>) keras.get("config"), config));
  }

  private static String prefix(String what, String diff) {
    return diff == null ? null : what + ": " + diff;
  }

  private static String first(String... diffs) {
    List<String> found = java.util.Arrays.stream(diffs).filter(java.util.Objects::nonNull).toList();
    return found.isEmpty() ? null : String.join("; ", found);
  }

  // ---------------------------------------------------------------- running

  /** Keras's answers for every case, from one launch of the oracle script. */
  private static synchronized Map<String, Object> keras() throws IOException {
    KerasOracle.assumeAvailable();
    if (kerasResults == null) {
      Path dir = Files.createTempDirectory("objects-conformance");
      try {
        Path cases = dir.resolve("cases.json");
        Path results = dir.resolve("results.json");
        Files.writeString(cases, Json.write(Map.of("cases", CASES.stream().map(Case::oracle).toList())));
        KerasOracle.run("objects_conformance.py", cases.toString(), results.toString());
        kerasResults = Json.parse(Files.readString(results), "results.json");
      } finally {
        try (var files = Files.list(dir)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(dir);
      }
    }
    return kerasResults;
  }

  @SuppressWarnings("unchecked")
  private void verify(String kind, Set<String> publicObjects, Function<Case, String> coverageKey) throws IOException {
    Map<String, Object> results = keras();
    List<String> failures = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    int cases = 0;
    for (Case c : CASES) {
      if (!c.kind().equals(kind)) {
        continue;
      }
      cases++;
      Map<String, Object> keras = (Map<String, Object>) results.get(c.id());
      String diff;
      if (keras == null) {
        diff = "Keras gave no answer";
      } else if (keras.containsKey("error") && !kind.equals("target shapes")) {
        diff = "Keras raised " + keras.get("error");
      } else {
        try {
          diff = c.check().apply(keras);
        } catch (RuntimeException e) {
          diff = "jkeras raised " + e;
        }
      }
      if (diff != null) {
        failures.add(c.id() + ": " + diff);
      } else {
        covered.add(coverageKey.apply(c));
      }
    }
    covered.retainAll(publicObjects);
    Set<String> missing = new TreeSet<>(publicObjects);
    missing.removeAll(covered);
    String what = kind.equals("loss") ? "losses"
        : kind.equals("target shapes") ? "target shape checks (losses and metrics by name)" : kind + "s";
    String objects = kind.equals("target shapes") ? " losses and metrics"
        : " public " + kind + (kind.equals("activation") ? " functions" : " classes");
    System.out.println("Keras conformance, " + what + ": " + cases + " cases, " + covered.size() + " / "
        + publicObjects.size() + objects + " covered" + (missing.isEmpty() ? "" : "; not covered: " + missing));
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " " + kind + " cases differ from Keras:\n"
        + String.join("\n", failures));
    assertTrue(missing.isEmpty(), "public " + kind + " classes the suite does not cover: " + missing);
  }

  private static Set<String> publicClasses(String pkg, Class<?> base) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (ClassPath.ClassInfo info : ClassPath.from(ObjectsConformanceTest.class.getClassLoader())
        .getTopLevelClasses(pkg)) {
      Class<?> type = info.load();
      if (Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())
          && !type.isInterface() && base.isAssignableFrom(type)) {
        names.add(type.getSimpleName());
      }
    }
    return names;
  }

  private static String className(Case c) {
    return c.covers().getSimpleName();
  }

  @Test
  void targetShapeChecksRaiseKerasMessages() throws IOException {
    Function<Case, String> lossOrMetric = c -> c.oracle().get("kind") + " " + c.oracle().getOrDefault("loss",
        c.oracle().get("metric"));
    Set<String> checked = CASES.stream().filter(c -> c.kind().equals("target shapes")).map(lossOrMetric)
        .collect(Collectors.toCollection(TreeSet::new));
    verify("target shapes", checked, lossOrMetric);
  }

  @Test
  void activationsEqualKeras() throws IOException {
    Set<String> functions = activationMethods().stream().map(m -> snake(m.getName())).collect(Collectors.toCollection(
        LinkedHashSet::new));
    verify("activation", functions, c -> (String) c.oracle().get("name"));
  }

  @Test
  void initializersEqualKeras() throws IOException {
    verify("initializer", publicClasses("dev.jkeras.initializers", Initializer.class),
        ObjectsConformanceTest::className);
  }

  @Test
  void regularizersEqualKeras() throws IOException {
    verify("regularizer", publicClasses("dev.jkeras.regularizers", Regularizer.class),
        ObjectsConformanceTest::className);
  }

  @Test
  void constraintsEqualKeras() throws IOException {
    verify("constraint", publicClasses("dev.jkeras.constraints", Constraint.class),
        ObjectsConformanceTest::className);
  }

  @Test
  void lossesEqualKeras() throws IOException {
    verify("loss", publicClasses("dev.jkeras.losses", Loss.class), ObjectsConformanceTest::className);
  }

  @Test
  void metricsEqualKeras() throws IOException {
    verify("metric", publicClasses("dev.jkeras.metrics", Metric.class), ObjectsConformanceTest::className);
  }
}
