package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.tensorflow.LiveGraphs;
import dev.jkeras.layers.Dense;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Models dropped without {@code close()} have their graphs and sessions released by the garbage
 * collector, except a graph that holds the only current value of a shared layer's weights, which
 * lives until another model takes the values over.
 */
class UnclosedModelsTest {
  private final TestData.Blobs data = TestData.blobs(64, 4, 2, 5);

  /** A few collections, so that what earlier tests dropped is released before counting. */
  private static void settle() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }

  /** Collects garbage until {@code condition} holds, for at most 20 seconds. */
  private static boolean collectUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      System.gc();
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  private List<WeakReference<ModelGraph>> dropTrainedModels(int count) {
    List<WeakReference<ModelGraph>> graphs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Sequential model = new Sequential(new Dense(8, "relu").inputShape(4), new Dense(2, "softmax"));
      model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
      model.fit(data.x(), data.y(), f -> f.epochs(1).verbose(0));
      model.predict(data.x(), p -> p.verbose(0));
      graphs.add(new WeakReference<>(model.graph()));
    }
    return graphs;
  }

  @Test
  void unreachableModelsAreReclaimed() throws InterruptedException {
    settle();
    int before = LiveGraphs.count();
    List<WeakReference<ModelGraph>> graphs = dropTrainedModels(10);
    assertTrue(collectUntil(() -> graphs.stream().allMatch(g -> g.get() == null)
            && LiveGraphs.count() <= before),
        "live graphs: " + LiveGraphs.count() + " after dropping 10 models, " + before + " before");
  }

  @Test
  void aDroppedModelHoldingASharedLayersValuesKeepsThemUntilAnotherModelTakesThemOver()
      throws InterruptedException {
    Dense shared = new Dense(3);
    try (Sequential kept = new Sequential(new Dense(4).inputShape(4), shared)) {
      kept.predict(data.x(), p -> p.verbose(0));
      Sequential dropped = new Sequential(new Dense(4).inputShape(4), shared, new Dense(2, "softmax"));
      dropped.compile("sgd", "sparse_categorical_crossentropy");
      dropped.fit(data.x(), data.y(), f -> f.epochs(3).verbose(0));
      float[] trained = floats(shared.getWeights().get(0));
      WeakReference<ModelGraph> droppedGraph = new WeakReference<>(dropped.graph());
      dropped = null;

      // The dropped model's graph holds the trained values: it is not reclaimed.
      settle();
      ModelGraph holding = droppedGraph.get();
      assertNotNull(holding, "the graph holding the shared layer's current values was reclaimed");
      assertFalse(holding.isClosed());
      holding = null;
      assertArrayEquals(trained, floats(shared.getWeights().get(0)));

      // Once the kept model runs, it holds the values, and the dropped graph is reclaimed.
      kept.predict(data.x(), p -> p.verbose(0));
      assertArrayEquals(trained, floats(shared.getWeights().get(0)));
      assertTrue(collectUntil(() -> droppedGraph.get() == null), "the dropped model's graph was not reclaimed");
      assertArrayEquals(trained, floats(shared.getWeights().get(0)));
    }
  }

  private static float[] floats(NdArray<?> array) {
    float[] values = new float[(int) array.size()];
    ((FloatNdArray) array).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false));
    return values;
  }
}
