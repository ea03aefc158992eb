package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.KerasTensor;
import dev.jkeras.models.Model;
import dev.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.StdArrays;

/** BatchNormalization's training moments over masked sequences count only the unmasked steps. */
class BatchNormalizationMaskTest {
  private static final int SAMPLES = 6;
  private static final int STEPS = 5;
  private static final int FEATURES = 3;

  @Test
  void movingStatisticsAreTheMomentsOfTheUnmaskedSteps() {
    float[][][] x = new float[SAMPLES][STEPS][FEATURES];
    Random random = new Random(3);
    for (int n = 0; n < SAMPLES; n++) {
      for (int t = n % 3; t < STEPS; t++) {      // the first n % 3 steps are padding (all zeros)
        for (int f = 0; f < FEATURES; f++) {
          x[n][t][f] = (float) (2 + f + (f + 1) * random.nextGaussian());
        }
      }
    }
    double[] mean = new double[FEATURES];
    double[] variance = new double[FEATURES];
    int count = 0;
    for (int n = 0; n < SAMPLES; n++) {
      for (int t = n % 3; t < STEPS; t++, count++) {
        for (int f = 0; f < FEATURES; f++) {
          mean[f] += x[n][t][f];
        }
      }
    }
    for (int f = 0; f < FEATURES; f++) {
      mean[f] /= count;
    }
    for (int n = 0; n < SAMPLES; n++) {
      for (int t = n % 3; t < STEPS; t++) {
        for (int f = 0; f < FEATURES; f++) {
          variance[f] += (x[n][t][f] - mean[f]) * (x[n][t][f] - mean[f]);
        }
      }
    }
    for (int f = 0; f < FEATURES; f++) {
      variance[f] /= count;
    }

    KerasTensor input = Input.of(STEPS, FEATURES);
    KerasTensor masked = new Masking(0.0).apply(input);
    BatchNormalization bn = new BatchNormalization().momentum(0.0);
    KerasTensor output = new Dense(1).apply(bn.apply(masked));
    try (Model model = new Model(input, output)) {
      model.compile(c -> c.optimizer(new SGD(0.0)).loss("mse"));
      FloatNdArray inputs = StdArrays.ndCopyOf(x);
      model.fit(inputs, StdArrays.ndCopyOf(new float[SAMPLES][STEPS][1]),
          f -> f.epochs(1).batchSize(SAMPLES).shuffle(false).verbose(0));
      List<NdArray<?>> weights = bn.getWeights();   // gamma, beta, moving_mean, moving_variance
      float[] movingMean = StdArrays.array1dCopyOf((FloatNdArray) weights.get(2));
      float[] movingVariance = StdArrays.array1dCopyOf((FloatNdArray) weights.get(3));
      assertArrayEquals(toFloats(mean), movingMean, 1e-4f);
      assertArrayEquals(toFloats(variance), movingVariance, 1e-4f);
      // The zeros at padded steps would have pulled the plain batch mean of every feature down.
      assertTrue(movingMean[0] > 1.5f);
    }
  }

  @Test
  void maskOfTheWrongRankIsRejected() {
    BatchNormalization bn = new BatchNormalization().name("bn");
    KerasTensor input = Input.of(4, 3);
    bn.apply(input);
    KerasTensor mask = Input.of(4, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bn.call(input, true, mask));
    assertTrue(e.getMessage().contains("bn") && e.getMessage().contains("(None, 4, 3)"), e.getMessage());
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
