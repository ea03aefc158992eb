package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jkeras.initializers.Initializers;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** LayerNormalization against a hand computation. */
class LayerNormalizationTest {
  @Test
  void normalizesEachSampleOverTheLastAxis() {
    float[][] x = {{1, 2, 3, 6}, {-1, 0.5f, 4, 2}};
    float[] gamma = {1.5f, 0.5f, -1, 2};
    float[] beta = {0.1f, -0.2f, 0.3f, 0};
    LayerNormalization ln = new LayerNormalization().gammaInitializer(Initializers.ones());
    try (Model model = new Sequential(new InputLayer(4), ln)) {
      model.build(-1, 4);
      ln.setWeights(List.of(NdArrays.vectorOf(gamma), NdArrays.vectorOf(beta)));
      float[][] out = StdArrays.array2dCopyOf(model.predict(StdArrays.ndCopyOf(x)));
      for (int i = 0; i < x.length; i++) {
        double mean = 0;
        for (float v : x[i]) {
          mean += v;
        }
        mean /= 4;
        double variance = 0;
        for (float v : x[i]) {
          variance += (v - mean) * (v - mean);
        }
        variance /= 4;
        for (int j = 0; j < 4; j++) {
          double expected = (x[i][j] - mean) / Math.sqrt(variance + 1e-3) * gamma[j] + beta[j];
          assertEquals(expected, out[i][j], 1e-5, "sample " + i + ", feature " + j);
        }
      }
      assertEquals(List.of(-1), ln.getConfig().get("axis"), "Keras saves the built axes as a list, as given");
    }
  }

  @Test
  void normalizesOverSeveralAxes() {
    float[][][] x = {{{1, 2}, {3, 5}}};
    LayerNormalization ln = new LayerNormalization().axis(1, 2).center(false).scale(false);
    try (Model model = new Sequential(new InputLayer(2, 2), ln)) {
      model.build(-1, 2, 2);
      assertEquals(0, ln.weights().size());
      float[][][] out = StdArrays.array3dCopyOf(model.predict(StdArrays.ndCopyOf(x)));
      double mean = 11 / 4.0;
      double variance = ((1 - mean) * (1 - mean) + (2 - mean) * (2 - mean) + (3 - mean) * (3 - mean)
          + (5 - mean) * (5 - mean)) / 4;
      assertEquals((5 - mean) / Math.sqrt(variance + 1e-3), out[0][1][1], 1e-5);
    }
  }
}
