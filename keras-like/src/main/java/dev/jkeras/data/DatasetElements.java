package dev.jkeras.data;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.data.EndOfDataException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.tensorflow.ndarray.NdArray;

/**
 * The elements of a dataset read from Java, one session run each, in a graph of their own: each
 * element's components come back as Java-owned arrays (the native tensors are closed at once). The
 * graph is released when the last element was read, or by {@link #close()} when iteration stops
 * early.
 */
public final class DatasetElements implements ElementIterator {
  private final ModelGraph graph;
  private final DatasetPipeline pipeline;
  private final GraphFunction next;
  private List<NdArray<?>> ahead;
  private boolean done;

  DatasetElements(Dataset dataset) {
    this.graph = Backends.get().newGraph("dataset");
    try {
      this.pipeline = DatasetPipeline.build(dataset, graph);
      this.next = graph.trace(() -> graph.function(List.of(), pipeline.iterator().next(), List.of()));
      pipeline.start();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  @Override
  public synchronized boolean hasNext() {
    if (ahead == null && !done) {
      try {
        ahead = next.call(List.of());
      } catch (EndOfDataException end) {
        close();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
    return ahead != null;
  }

  @Override
  public synchronized List<NdArray<?>> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("The dataset has no more elements");
    }
    List<NdArray<?>> element = ahead;
    ahead = null;
    return element;
  }

  /** Releases the graph and the native copies of the arrays; further calls see no elements. */
  @Override
  public synchronized void close() {
    if (!done) {
      done = true;
      pipeline.close();
      graph.close();
    }
  }
}
