package dev.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** LeakyReLU, PReLU and ELU layers against their formulas. */
class ActivationLayersTest {
  private static final float[][] X = {{-2, -0.5f, 0, 1.5f}, {3, -1, 0.25f, -4}};

  private static float[][] run(Layer layer, List<FloatNdArray> weights) {
    try (Model model = new Sequential(new InputLayer(4), layer)) {
      model.build(-1, 4);
      if (!weights.isEmpty()) {
        layer.setWeights(weights);
      }
      return StdArrays.array2dCopyOf(model.predict(StdArrays.ndCopyOf(X)));
    }
  }

  @Test
  void leakyReluUsesKerasDefaultSlope() {
    float[][] y = run(new LeakyReLU(), List.of());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(X[i][j] > 0 ? X[i][j] : 0.3 * X[i][j], y[i][j], 1e-6);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.1));
  }

  @Test
  void preluLearnsOneAlphaPerPosition() {
    float[] alpha = {0.1f, 0.2f, 0.3f, 0.4f};
    PReLU prelu = new PReLU();
    float[][] y = run(prelu, List.of(NdArrays.vectorOf(alpha)));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(X[i][j] > 0 ? X[i][j] : alpha[j] * X[i][j], y[i][j], 1e-6);
      }
    }
    assertEquals(4, prelu.countParams());
  }

  @Test
  void preluSharedAxesShareAlpha() {
    PReLU prelu = new PReLU().sharedAxes(1);
    try (Model model = new Sequential(new InputLayer(5, 3), prelu)) {
      model.build(-1, 5, 3);
      assertEquals(3, prelu.countParams(), "one alpha per channel");
    }
  }

  @Test
  void eluUsesAlpha() {
    float[][] y = run(new ELU(0.5), List.of());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(X[i][j] > 0 ? X[i][j] : 0.5 * Math.expm1(X[i][j]), y[i][j], 1e-6);
      }
    }
  }
}
