package dev.jkeras.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.layers.Dense;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.models.Model;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import dev.jkeras.saving.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Constraints project weights right after each optimizer step, as Keras does. */
class ConstraintsTest {
  private static final float[][] X = {{3, -2, 1, 4}, {-1, 5, 2, 0}, {2, 2, -3, 1}, {0, -4, 1, 3}};
  private static final float[][] Y = {{10, -8}, {-6, 9}, {7, 5}, {-9, 4}};
  private static final float[][] KERNEL = {{0.5f, -0.2f}, {0.1f, 0.4f}, {-0.3f, 0.2f}, {0.2f, 0.1f}};

  /** The kernel after one SGD step of a Dense(2) with the given kernel constraint (null: none). */
  private static float[][] kernelAfterOneStep(Constraint constraint) {
    Dense dense = new Dense(2).kernelConstraint(constraint);
    try (Model model = new Sequential(new InputLayer(4), dense)) {
      model.compile(new SGD(0.5), "mse");
      model.build(-1, 4);
      dense.setWeights(List.of(StdArrays.ndCopyOf(KERNEL), NdArrays.vectorOf(0f, 0f)));
      model.fit(StdArrays.ndCopyOf(X), StdArrays.ndCopyOf(Y), f -> f.epochs(1).batchSize(4).verbose(0));
      return StdArrays.array2dCopyOf((FloatNdArray) dense.getWeights().get(0));
    }
  }

  private static double columnNorm(float[][] w, int column) {
    double sum = 0;
    for (float[] row : w) {
      sum += row[column] * row[column];
    }
    return Math.sqrt(sum);
  }

  /** Checks the constrained step equals {@code expected} applied to the unconstrained step. */
  private static void assertProjected(Constraint constraint, Function<float[][], double[][]> expected) {
    float[][] free = kernelAfterOneStep(null);
    float[][] constrained = kernelAfterOneStep(constraint);
    double[][] want = expected.apply(free);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(want[i][j], constrained[i][j], 1e-5, "kernel[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void maxNormBoundsTheColumnsAfterAStep() {
    float[][] free = kernelAfterOneStep(null);
    assertTrue(columnNorm(free, 0) > 2 && columnNorm(free, 1) > 2, "the step must leave the ball for the test to mean something");
    assertProjected(new MaxNorm(), w -> {
      double[][] out = new double[4][2];
      for (int j = 0; j < 2; j++) {
        double norm = columnNorm(w, j);
        double scale = Math.min(norm, 2) / (1e-7 + norm);
        for (int i = 0; i < 4; i++) {
          out[i][j] = w[i][j] * scale;
        }
      }
      return out;
    });
    float[][] constrained = kernelAfterOneStep(new MaxNorm(2));
    assertTrue(columnNorm(constrained, 0) <= 2 + 1e-5 && columnNorm(constrained, 1) <= 2 + 1e-5);
  }

  @Test
  void unitNormAndNonNegProjectAsTheirFormulas() {
    assertProjected(new UnitNorm(), w -> {
      double[][] out = new double[4][2];
      for (int j = 0; j < 2; j++) {
        double norm = columnNorm(w, j);
        for (int i = 0; i < 4; i++) {
          out[i][j] = w[i][j] / (1e-7 + norm);
        }
      }
      return out;
    });
    assertProjected(new NonNeg(), w -> {
      double[][] out = new double[4][2];
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 2; j++) {
          out[i][j] = Math.max(w[i][j], 0);
        }
      }
      return out;
    });
  }

  @Test
  void maxNormOverTheOutputAxisBoundsRows() {
    float[][] constrained = kernelAfterOneStep(new MaxNorm(0.5, 1));
    for (float[] row : constrained) {
      assertTrue(Math.hypot(row[0], row[1]) <= 0.5 + 1e-5);
    }
  }

  @Test
  void constraintsSerializeAsKerasDoes() {
    Map<String, Object> saved = Serialization.serialize(new MaxNorm(3, 0, 1, 2));
    assertEquals("keras.constraints", saved.get("module"));
    assertEquals("MaxNorm", saved.get("class_name"));
    assertEquals(Map.of("max_value", 3.0, "axis", List.of(0, 1, 2)), saved.get("config"));
    assertEquals(Map.of("max_value", 2.0, "axis", 0), Serialization.serialize(new MaxNorm()).get("config"));
    assertInstanceOf(MaxNorm.class, Constraints.deserialize(saved));
    assertEquals(3.0, ((MaxNorm) Constraints.deserialize(saved)).maxValue());
    assertInstanceOf(NonNeg.class, Constraints.deserialize(Serialization.serialize(new NonNeg())));
    assertInstanceOf(UnitNorm.class, Constraints.deserialize("unit_norm"));
    assertInstanceOf(MinMaxNorm.class, Constraints.deserialize(Serialization.serialize(new MinMaxNorm())));
    Map<String, Object> dense = new Dense(3).kernelConstraint("max_norm").getConfig();
    assertEquals("MaxNorm", ((Map<?, ?>) dense.get("kernel_constraint")).get("class_name"));
    assertEquals(null, dense.get("bias_constraint"));
  }

}
