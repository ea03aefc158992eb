package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Embedding;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.LSTM;
import dev.jkeras.optimizers.SGD;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Compiled metrics of a masked sequence output weigh each step by the mask, as in Keras. */
class MaskedMetricsTest {
  /** Pre-padded, post-padded and with gaps (0 is padding). */
  private static final int[][] PADDED = {{0, 0, 0, 3, 5, 7}, {3, 5, 7, 0, 0, 0}, {3, 0, 5, 0, 0, 7}};
  private static final int CLASSES = 3;

  private static Model sequenceModel() {
    KerasTensor input = Input.of(DType.INT32, 6);
    KerasTensor h = new Embedding(10, 4).maskZero(true).apply(input);
    h = new LSTM(5).returnSequences(true).apply(h);
    return new Model(input, new Dense(CLASSES, "softmax").apply(h));
  }

  @Test
  void sequenceAccuracyIgnoresPaddedSteps() {
    try (Model model = sequenceModel()) {
      model.compile(c -> c.optimizer(new SGD(0.0)).loss("sparse_categorical_crossentropy")
          .metrics("accuracy").weightedMetrics("accuracy"));
      var x = StdArrays.ndCopyOf(PADDED);
      float[][][] p = StdArrays.array3dCopyOf(model.predict(x, o -> o.verbose(0)));
      // Targets: right at real steps t % 2 == 0, wrong elsewhere, and always wrong at padded steps.
      float[][] y = new float[PADDED.length][6];
      float[] sampleWeights = {1f, 2f, 0.5f};
      double hits = 0;
      double real = 0;
      double weightedHits = 0;
      double weightedReal = 0;
      for (int n = 0; n < PADDED.length; n++) {
        for (int t = 0; t < 6; t++) {
          int predicted = argmax(p[n][t]);
          boolean padded = PADDED[n][t] == 0;
          boolean right = !padded && t % 2 == 0;
          y[n][t] = right ? predicted : (predicted + 1) % CLASSES;
          if (!padded) {
            real++;
            weightedReal += sampleWeights[n];
            if (right) {
              hits++;
              weightedHits += sampleWeights[n];
            }
          }
        }
      }
      Map<String, Double> scores = model.evaluate(x, StdArrays.ndCopyOf(y),
          e -> e.verbose(0).sampleWeight(NdArrays.vectorOf(sampleWeights)));
      assertEquals(hits / real, scores.get("accuracy"), 1e-6);
      assertEquals(weightedHits / weightedReal, scores.get("weighted_accuracy"), 1e-6);
      // Without the mask the padded (wrong) steps would pull accuracy down to hits / 18.
      assertTrue(hits / real > hits / 18 + 0.1);

      var history = model.fit(x, StdArrays.ndCopyOf(y), f -> f.epochs(1).batchSize(3).verbose(0));
      assertEquals(hits / real, history.history().get("accuracy").get(0), 1e-6);
    }
  }

  @Test
  void regressionMetricAveragesOnlyUnmaskedSteps() {
    KerasTensor input = Input.of(DType.INT32, 6);
    KerasTensor h = new Embedding(10, 4).maskZero(true).apply(input);
    h = new LSTM(5).returnSequences(true).apply(h);
    try (Model model = new Model(input, new Dense(1).apply(h))) {
      model.compile(c -> c.optimizer(new SGD(0.0)).loss("mse").metrics("mae"));
      var x = StdArrays.ndCopyOf(PADDED);
      float[][][] p = StdArrays.array3dCopyOf(model.predict(x, o -> o.verbose(0)));
      float[][][] y = new float[PADDED.length][6][1];
      double sum = 0;
      int real = 0;
      for (int n = 0; n < PADDED.length; n++) {
        for (int t = 0; t < 6; t++) {
          boolean padded = PADDED[n][t] == 0;
          y[n][t][0] = padded ? 1000f : p[n][t][0] + 0.25f * (t + 1);
          if (!padded) {
            sum += 0.25 * (t + 1);
            real++;
          }
        }
      }
      Map<String, Double> scores = model.evaluate(x, StdArrays.ndCopyOf(y), e -> e.verbose(0));
      assertEquals(sum / real, scores.get("mae"), 1e-5);
    }
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
