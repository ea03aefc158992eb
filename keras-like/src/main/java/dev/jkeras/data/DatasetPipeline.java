package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.data.DatasetHandle;
import dev.jkeras.backend.data.DatasetIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Dataset} built into a graph (a model's, or one of its own for iterating from Java): its
 * dataset ops, an iterator over them, and the arrays its sources feed. {@link #start()} (re)starts
 * the iterator; the trainer's steps read {@link #iterator()}'s {@code next()} in the same graph.
 * Closing it releases the native copies of the arrays.
 */
public final class DatasetPipeline implements AutoCloseable {
  private final ModelGraph graph;
  private final DatasetIterator iterator;
  private final ElementSpec elementSpec;
  private final GraphFunction start;
  private final GraphFunction cardinality;
  private final GraphFunction release;
  private final List<org.tensorflow.ndarray.NdArray<?>> arrays;
  private final PipelineFiles files;
  private final List<java.util.concurrent.atomic.AtomicLong> passes;
  private List<Feed> feeds;

  private DatasetPipeline(ModelGraph graph, DatasetIterator iterator, ElementSpec elementSpec, GraphFunction start,
      GraphFunction cardinality, GraphFunction release, List<org.tensorflow.ndarray.NdArray<?>> arrays,
      List<java.util.concurrent.atomic.AtomicLong> passes, PipelineFiles files) {
    this.passes = passes;
    this.release = release;
    this.files = files;
    this.graph = graph;
    this.iterator = iterator;
    this.elementSpec = elementSpec;
    this.start = start;
    this.cardinality = cardinality;
    this.arrays = arrays;
  }

  /** Builds {@code dataset} into {@code graph} (tracing its functions); runs nothing yet. */
  static DatasetPipeline build(Dataset dataset, ModelGraph graph) {
    return graph.trace(() -> {
      PipelineBuild build = new PipelineBuild(graph);
      DatasetHandle handle = dataset.node().build(build);
      DatasetIterator iterator = build.datasets().iterator(handle);
      List<KerasTensor> inputs = build.placeholders();
      GraphFunction start = graph.function(inputs, List.of(), List.of(iterator.initialize()));
      GraphFunction cardinality = graph.function(inputs, List.of(build.datasets().cardinality(handle)), List.of());
      GraphFunction release = graph.function(List.of(), List.of(), List.of(iterator.release()));
      return new DatasetPipeline(graph, iterator, dataset.specOf(handle), start, cardinality, release,
          build.arrays(), build.passCounters(), build.files());
    });
  }

  /**
   * The error for damage a reader of this pipeline found ({@code loss}, which gives an offset but not
   * the file): a {@link dev.jkeras.CorruptRecordException} naming the damaged file among the
   * pipeline's files, read again to find it.
   */
  public RuntimeException locateDamage(dev.jkeras.backend.data.DataLossException loss) {
    return files.locate(loss);
  }

  /** The iterator; its {@code next()} builds a read of the next element in the current trace of the graph. */
  public DatasetIterator iterator() {
    return iterator;
  }

  public ElementSpec elementSpec() {
    return elementSpec;
  }

  /** The graph the pipeline lives in. */
  public ModelGraph graph() {
    return graph;
  }

  /**
   * Starts the iterator at the first element (the next epoch: a shuffle draws its next order). The
   * arrays are copied into native memory at the first start and kept until {@link #close()}, since
   * the running pipeline reads them in place.
   */
  public void start() {
    runWithPasses(start, true);
  }

  /** Runs {@code function} with the arrays and each reshuffling shuffle's pass number (the next one when {@code next}). */
  private List<org.tensorflow.ndarray.NdArray<?>> runWithPasses(GraphFunction function, boolean next) {
    List<Feed> all = new ArrayList<>(feeds());
    List<Feed> passFeeds = new ArrayList<>();
    try {
      for (var counter : passes) {
        passFeeds.add(graph.feed(org.tensorflow.ndarray.NdArrays.scalarOf(next ? counter.getAndIncrement()
            : counter.get())));
      }
      all.addAll(passFeeds);
      return function.call(all);
    } finally {
      passFeeds.forEach(Feed::close);
    }
  }

  /**
   * The number of elements, as tf.data's {@code cardinality()}: a count, {@link Dataset#INFINITE_CARDINALITY}
   * or {@link Dataset#UNKNOWN_CARDINALITY} (e.g. after a filter).
   */
  public long cardinality() {
    return ((Number) runWithPasses(cardinality, false).get(0).getObject()).longValue();
  }

  private synchronized List<Feed> feeds() {
    if (feeds == null) {
      List<Feed> made = new ArrayList<>();
      try {
        for (var array : arrays) {
          made.add(graph.feed(array));
        }
      } catch (RuntimeException e) {
        made.forEach(Feed::close);
        throw e;
      }
      feeds = List.copyOf(made);
    }
    return feeds;
  }

  /** The spec of each flat component of an element. */
  public List<TensorSpec> componentSpecs() {
    return elementSpec.components();
  }

  /**
   * Destroys the running pipeline (its iterator's resource) while the session is open, so it lets go
   * of what it holds (shuffle buffers, prefetched batches, its seed generators) cleanly, then releases
   * the native copies of the arrays.
   */
  @Override
  public synchronized void close() {
    if (feeds != null && !graph.isClosed()) {
      release.run(List.of());
    }
    if (feeds != null) {
      feeds.forEach(Feed::close);
      feeds = null;
    }
  }
}
