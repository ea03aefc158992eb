package dev.jkeras.backend.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import java.lang.ref.WeakReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A model graph's native graph and session are released once: by close, or by the cleaner when unreachable. */
class GraphResourcesTest {

  private static boolean collectUntil(BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      System.gc();
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Test
  void resourcesAreReleasedOnceHoweverOftenAsked() throws InterruptedException {
    collectUntil(() -> false, 300);
    GraphResources resources = new GraphResources();
    assertFalse(resources.isReleased());
    resources.run();
    assertTrue(resources.isReleased());
    int released = GraphResources.live();
    resources.run();
    assertEquals(released, GraphResources.live());
  }

  @Test
  void anUnclosedUnreachableGraphIsReleasedByTheCleaner() throws InterruptedException {
    collectUntil(() -> false, 300);
    int before = TfModelGraph.liveCount();
    WeakReference<ModelGraph> dropped = new WeakReference<>(graphWithAVariable());
    assertTrue(collectUntil(() -> dropped.get() == null && TfModelGraph.liveCount() <= before, 20_000),
        "live graphs " + TfModelGraph.liveCount() + ", before " + before);
  }

  @Test
  void aClosedGraphRefusesToRunAndClosesAgainQuietly() {
    ModelGraph graph = graphWithAVariable();
    dev.jkeras.backend.Variable variable = graph.variable("w2", Shape.of(2), DType.FLOAT32,
        () -> Backends.get().core().constant(org.tensorflow.ndarray.NdArrays.vectorOf(1f, 2f)));
    graph.close();
    assertTrue(graph.isClosed());
    graph.close();
    assertThrows(IllegalStateException.class, variable::read);
  }

  private static ModelGraph graphWithAVariable() {
    ModelGraph graph = Backends.get().newGraph("probe");
    graph.variable("w", Shape.of(3), DType.FLOAT32,
        () -> Backends.get().core().constant(org.tensorflow.ndarray.NdArrays.vectorOf(1f, 2f, 3f)));
    return graph;
  }
}
