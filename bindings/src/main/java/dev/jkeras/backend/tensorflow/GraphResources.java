package dev.jkeras.backend.tensorflow;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * The native side of one model graph: the TensorFlow graph, its session and the pooled feed
 * tensors. Released once, by {@link TfModelGraph#close()} or, for a model graph that became
 * unreachable without being closed, by the {@link Cleaner}. It references nothing of the model, so
 * the model graph it belongs to can be collected.
 */
final class GraphResources implements Runnable {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final AtomicInteger LIVE = new AtomicInteger();

  private final Graph graph;
  private final Session session;
  private final FeedPool feeds = new FeedPool();
  private final AtomicBoolean released = new AtomicBoolean();

  GraphResources() {
    this.graph = new Graph();
    this.session = dev.jkeras.backend.tensorflow.cluster.TfCluster.newSession(graph);
    LIVE.incrementAndGet();
  }

  /**
   * Has these resources released when {@code owner} becomes phantom reachable; cleaning the
   * returned cleanable releases them now. {@code owner} must not be reachable from them.
   */
  Cleaner.Cleanable releaseWhenUnreachable(Object owner) {
    return CLEANER.register(owner, this);
  }

  /** The number of model graphs whose native resources are not released yet. */
  static int live() {
    return LIVE.get();
  }

  Graph graph() {
    return graph;
  }

  Session session() {
    return session;
  }

  FeedPool feeds() {
    return feeds;
  }

  boolean isReleased() {
    return released.get();
  }

  /** Releases the session, then the graph; runs at most once. */
  @Override
  public void run() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    TfModelGraph.unregister(graph);
    try {
      feeds.close();
      session.close();
      graph.close();
    } finally {
      LIVE.decrementAndGet();
    }
  }
}
