package dev.jkeras.data;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.data.EndOfDataException;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * The elements of a dataset read from Java, one session run each, in a graph of their own: each
 * element's components come back as Java-owned arrays (the native tensors are closed at once). The
 * graph is released when the last element was read, or by {@link #close()} when iteration stops
 * early.
 */
public final class DatasetElements extends ReadAheadElements {
  private final ModelGraph graph;
  private final DatasetPipeline pipeline;
  private final GraphFunction next;

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
  List<NdArray<?>> read() {
    try {
      return next.call(List.of());
    } catch (EndOfDataException end) {
      return null;
    } catch (dev.jkeras.backend.data.DataLossException loss) {
      throw pipeline.locateDamage(loss);
    }
  }

  /** Releases the graph and the native copies of the arrays. */
  @Override
  void release() {
    pipeline.close();
    graph.close();
  }
}
