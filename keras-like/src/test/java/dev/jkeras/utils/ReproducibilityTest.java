package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.callbacks.History;
import dev.jkeras.layers.Dense;
import dev.jkeras.layers.Dropout;
import dev.jkeras.models.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Utils.setRandomSeed with op determinism: two runs of the same fit give bit-identical weights and history. */
class ReproducibilityTest {
  private static final int N = 200;

  @AfterEach
  void forgetSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private record Run(List<float[]> weights, Map<String, List<Double>> history) {}

  private static Run train(long seed) {
    Utils.setRandomSeed(seed);
    Random data = new Random(1);
    float[] x = new float[N * 6];
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < 6; j++) {
        x[i * 6 + j] = (float) data.nextGaussian();
      }
      y[i] = x[i * 6] + x[i * 6 + 1] > 0 ? 1 : 0;
    }
    FloatNdArray xs = NdArrays.wrap(Shape.of(N, 6), DataBuffers.of(x, true, false));
    try (Sequential model = new Sequential(new Dense(32, "relu").inputShape(6), new Dropout(0.3),
        new Dense(16, "relu"), new Dropout(0.3), new Dense(2, "softmax"))) {
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      History history = model.fit(xs, NdArrays.vectorOf(y), f -> f.epochs(3).batchSize(16).verbose(0)
          .validationSplit(0.2));
      List<float[]> weights = new ArrayList<>();
      for (NdArray<?> w : model.getWeights()) {
        FloatNdArray values = (FloatNdArray) w;
        float[] copy = new float[(int) values.size()];
        values.copyTo(NdArrays.wrap(values.shape(), DataBuffers.of(copy, false, false)));
        weights.add(copy);
      }
      return new Run(weights, history.history());
    }
  }

  @Test
  void twoSeededRunsAreBitIdentical() {
    Utils.enableOpDeterminism();
    Run first = train(42);
    Run second = train(42);
    assertEquals(first.weights().size(), second.weights().size());
    for (int i = 0; i < first.weights().size(); i++) {
      assertArrayEquals(first.weights().get(i), second.weights().get(i), 0f, "weight " + i);
    }
    assertEquals(first.history(), second.history());

    Run other = train(43);
    assertFalse(java.util.Arrays.equals(first.weights().get(0), other.weights().get(0)),
        "another seed should give other initial weights");
  }

  @Test
  void withoutAGlobalSeedOpsStayUnseeded() {
    RandomSeeds.clearGlobalSeed();
    assertEquals(0, RandomSeeds.resolve(0));
    assertEquals(5, RandomSeeds.resolve(5));
    Utils.setRandomSeed(1);
    long a = RandomSeeds.resolve(0);
    long b = RandomSeeds.resolve(0);
    Utils.setRandomSeed(1);
    assertEquals(a, RandomSeeds.resolve(0));
    assertEquals(b, RandomSeeds.resolve(0));
    assertFalse(a == b);
  }
}
