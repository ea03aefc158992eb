package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/** BatchNormalization's moving statistics follow Keras's update rule; training and inference differ. */
class BatchNormalizationTest {
  private static final float[][] X = {
      {1.0f, 2.0f, -1.0f}, {3.0f, 0.5f, 0.0f}, {-2.0f, 1.5f, 4.0f}, {0.5f, -1.0f, 2.0f},
      {2.5f, 3.0f, 1.0f}, {-1.5f, 0.0f, -3.0f}, {4.0f, 1.0f, 0.5f}, {0.0f, 2.5f, -0.5f}};
  private static final float[][] Y = new float[8][3];

  private static Sequential model(BatchNormalization bn) {
    Sequential model = new Sequential(new InputLayer(3), bn);
    model.compile(new SGD(0.1), "mse");
    return model;
  }

  private static float[] vector(NdArray<?> array) {
    return StdArrays.array1dCopyOf((FloatNdArray) array);
  }

  @Test
  void movingStatisticsFollowKerasUpdateOverSeveralSteps() {
    BatchNormalization bn = new BatchNormalization().momentum(0.9);
    try (Model model = model(bn)) {
      model.fit(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(Y), f -> f.epochs(3).batchSize(4).shuffle(false).verbose(0));
      float[] mean = {0, 0, 0};
      float[] variance = {1, 1, 1};
      for (int step = 0; step < 6; step++) {
        int from = (step % 2) * 4;
        for (int c = 0; c < 3; c++) {
          double m = 0;
          for (int i = from; i < from + 4; i++) {
            m += X[i][c];
          }
          m /= 4;
          double v = 0;
          for (int i = from; i < from + 4; i++) {
            v += (X[i][c] - m) * (X[i][c] - m);
          }
          v /= 4;
          mean[c] = (float) (mean[c] * 0.9 + m * (1 - 0.9));
          variance[c] = (float) (variance[c] * 0.9 + v * (1 - 0.9));
        }
      }
      List<NdArray<?>> weights = bn.getWeights();
      assertEquals(4, weights.size(), "gamma, beta, moving_mean, moving_variance");
      assertEquals(List.of("gamma", "beta"), bn.trainableWeights().stream()
          .map(v -> v.name().substring(v.name().indexOf('/') + 1)).toList());
      assertArrayEquals(mean, vector(weights.get(2)), 1e-5f);
      assertArrayEquals(variance, vector(weights.get(3)), 1e-5f);
    }
  }

  @Test
  void trainingUsesBatchStatisticsAndInferenceUsesMovingOnes() {
    BatchNormalization bn = new BatchNormalization();
    try (Model model = model(bn)) {
      model.build(-1, 3);
      FloatNdArray x = StdArrays.ndCopyOf(X);
      float[][] inference = StdArrays.array2dCopyOf(model.predict(x));
      float[][] training = StdArrays.array2dCopyOf(
          model.predict(x, p -> p.training(true)));
      for (int c = 0; c < 3; c++) {
        double m = 0;
        double v = 0;
        for (float[] row : X) {
          m += row[c];
        }
        m /= X.length;
        for (float[] row : X) {
          v += (row[c] - m) * (row[c] - m);
        }
        v /= X.length;
        for (int i = 0; i < X.length; i++) {
          // moving mean 0, variance 1: x / sqrt(1 + eps)
          assertEquals(X[i][c] / Math.sqrt(1 + 1e-3), inference[i][c], 1e-5);
          assertEquals((X[i][c] - m) / Math.sqrt(v + 1e-3), training[i][c], 1e-5);
        }
      }
      assertArrayEquals(new float[] {0, 0, 0}, vector(bn.getWeights().get(2)),
          "predict, even in training mode, does not update the moving statistics");
      model.evaluate(x, StdArrays.ndCopyOf(Y), e -> e.verbose(0));
      assertArrayEquals(new float[] {1, 1, 1}, vector(bn.getWeights().get(3)), "evaluate does not either");
    }
  }

  @Test
  void frozenLayerRunsInInferenceModeAndUpdatesNothing() {
    BatchNormalization bn = new BatchNormalization();
    bn.trainable(false);
    try (Model model = model(bn)) {
      model.fit(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(Y), f -> f.epochs(2).batchSize(4).verbose(0));
      List<NdArray<?>> weights = bn.getWeights();
      assertEquals(0, bn.trainableWeights().size());
      assertArrayEquals(new float[] {1, 1, 1}, vector(weights.get(0)), "gamma");
      assertArrayEquals(new float[] {0, 0, 0}, vector(weights.get(1)), "beta");
      assertArrayEquals(new float[] {0, 0, 0}, vector(weights.get(2)), "moving mean");
      assertArrayEquals(new float[] {1, 1, 1}, vector(weights.get(3)), "moving variance");
    }
  }

  @Test
  void channelsFirstAxisAndSummaryParameters() {
    BatchNormalization bn = new BatchNormalization().axis(1);
    try (Model model = new Sequential(new InputLayer(2, 3), bn)) {
      model.build(-1, 2, 3);
      assertEquals(8, bn.countParams(), "4 weights of shape (2,)");
      float[][][] x = {{{1, 2, 3}, {4, 5, 6}}};
      float[][][] out = StdArrays.array3dCopyOf(model.predict(StdArrays.ndCopyOf(x)));
      assertEquals(6 / Math.sqrt(1.001), out[0][1][2], 1e-5);
    }
  }

  @Test
  void axisOutOfRangeIsAClearError() {
    BatchNormalization bn = new BatchNormalization().axis(3).name("bn");
    var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new InputLayer(3), bn).build(-1, 3));
    assertTrue(e.getMessage().contains("\"bn\"") && e.getMessage().contains("(None, 3)"), e.getMessage());
  }
}
