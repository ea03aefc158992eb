package dev.jkeras.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

class InitializersTest {

  private static float[] sample(Initializer initializer, Shape shape) {
    FloatNdArray values = (FloatNdArray) Backends.get()
        .eager(() -> List.of(initializer.apply(shape, DType.FLOAT32))).get(0);
    float[] out = new float[(int) shape.size()];
    values.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static double variance(float[] values) {
    double mean = 0;
    for (float v : values) {
      mean += v / (double) values.length;
    }
    double var = 0;
    for (float v : values) {
      var += (v - mean) * (v - mean) / values.length;
    }
    return var;
  }

  @Test
  void fansFollowKeras() {
    assertArrayEquals(new double[] {784, 300}, VarianceScaling.fans(Shape.of(784, 300)));
    assertArrayEquals(new double[] {3 * 3 * 16, 3 * 3 * 32}, VarianceScaling.fans(Shape.of(3, 3, 16, 32)));
    assertArrayEquals(new double[] {5, 5}, VarianceScaling.fans(Shape.of(5)));
  }

  @Test
  void glorotUniformStaysWithinItsLimitWithItsVariance() {
    Shape shape = Shape.of(200, 300);
    float[] values = sample(Initializers.get("glorot_uniform"), shape);
    double limit = Math.sqrt(6.0 / (200 + 300));
    for (float v : values) {
      assertTrue(Math.abs(v) <= limit, "beyond the Glorot limit: " + v);
    }
    assertEquals(2.0 / (200 + 300), variance(values), 0.05 * 2.0 / 500);
  }

  @Test
  void heNormalHasVarianceTwoOverFanIn() {
    float[] values = sample(new HeNormal(), Shape.of(400, 300));
    assertEquals(2.0 / 400, variance(values), 0.05 * 2.0 / 400);
    for (float v : values) {
      assertTrue(Math.abs(v) <= 2 * Math.sqrt(2.0 / 400) / 0.87962566103423978 + 1e-6, "not truncated: " + v);
    }
  }

  @Test
  void lecunUniformAndRandomDefaults() {
    float[] lecun = sample(new LecunUniform(), Shape.of(500, 100));
    assertEquals(1.0 / 500, variance(lecun), 0.05 / 500);
    float[] uniform = sample(new RandomUniform(), Shape.of(1000));
    for (float v : uniform) {
      assertTrue(v >= -0.05f && v <= 0.05f, "out of Keras's default range: " + v);
    }
    assertEquals(0.05 * 0.05, variance(sample(new RandomNormal(), Shape.of(20000))), 0.0002);
  }

  @Test
  void constantsAndSeeds() {
    assertArrayEquals(new float[] {0, 0, 0}, sample(Initializers.zeros(), Shape.of(3)));
    assertArrayEquals(new float[] {1, 1}, sample(Initializers.get("ones"), Shape.of(2)));
    assertArrayEquals(new float[] {0.5f, 0.5f}, sample(Initializers.constant(0.5), Shape.of(2)));
    assertArrayEquals(sample(new GlorotUniform(7), Shape.of(4, 4)), sample(new GlorotUniform(7), Shape.of(4, 4)));
  }

  @Test
  void unknownNameListsValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("glorot"));
    assertTrue(e.getMessage().contains("glorot_uniform") && e.getMessage().contains("he_normal"), e.getMessage());
  }
}
