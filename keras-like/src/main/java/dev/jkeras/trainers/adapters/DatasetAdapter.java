package dev.jkeras.trainers.adapters;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.DatasetPipeline;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches of a {@link Dataset} (Keras's {@code TFDatasetAdapter}): the pipeline is built into the
 * model's graph and the traced step reads each batch there through the iterator's
 * {@code IteratorGetNext} ({@link GraphBatches}), so a batch never passes through Java and tf.data
 * prepares the next ones in its threads while the step runs. Each epoch restarts the iterator (a
 * shuffle draws its next order), unless {@code stepsPerEpoch} was given: then, as Keras, iteration
 * continues across epochs and restarts only once the data is used up. The number of batches is the
 * dataset's cardinality; when unknown (after a filter) the first epoch runs until the data ends.
 * Adapters compare by identity: each reads its own iterator, so the steps traced for one read it alone.
 */
public final class DatasetAdapter implements DataAdapter, GraphBatches {
  private final DatasetPipeline pipeline;
  private final DatasetLayout layout;
  private final DataSignature signature;
  private final long cardinality;
  private final int batchSize;
  private boolean started;
  private final java.util.concurrent.atomic.AtomicBoolean inUse = new java.util.concurrent.atomic.AtomicBoolean();
  private final boolean kept;
  private int workers = 1;
  private int worker;

  /**
   * Which flat components of an element are the model's inputs (in the model's input order), its
   * targets (in output order) and the sample weights ({@code -1}: none).
   */
  public record DatasetLayout(List<Integer> xs, List<Integer> ys, int sampleWeight) {
    public DatasetLayout {
      xs = List.copyOf(xs);
      ys = List.copyOf(ys);
    }
  }

  private DatasetAdapter(DatasetPipeline pipeline, DatasetLayout layout, boolean kept) {
    this.kept = kept;
    this.pipeline = pipeline;
    this.layout = layout;
    List<TensorSpec> specs = pipeline.componentSpecs();
    this.signature = new DataSignature(types(specs, layout.xs()), samples(specs, layout.xs()),
        types(specs, layout.ys()), samples(specs, layout.ys()), layout.sampleWeight() >= 0, this);
    this.cardinality = pipeline.cardinality();
    long batch = specs.get(layout.xs().get(0)).shape().rank() == 0 ? Shape.UNKNOWN
        : specs.get(layout.xs().get(0)).shape().get(0);
    this.batchSize = batch > 0 && batch <= Integer.MAX_VALUE ? (int) batch : -1;
  }

  /**
   * {@code pipeline} read as {@code layout} says. Unless {@code kept}, closing the adapter closes
   * the pipeline; a kept adapter serves one loop at a time ({@link #acquire}), its pipeline and traced
   * steps reused by the next, until {@link #dispose}.
   */
  public static DatasetAdapter of(DatasetPipeline pipeline, DatasetLayout layout, boolean kept) {
    try {
      DatasetAdapter adapter = new DatasetAdapter(pipeline, layout, kept);
      adapter.inUse.set(true);
      return adapter;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  /**
   * Claims a kept adapter for one more loop (it starts the data afresh); false when a loop on another
   * thread holds it (then build another).
   */
  public boolean acquire() {
    if (!inUse.compareAndSet(false, true)) {
      return false;
    }
    started = false;
    return true;
  }

  /** The layout the adapter reads its elements with. */
  public DatasetLayout layout() {
    return layout;
  }

  /** The error naming the damaged file for damage a reader of the pipeline found (see {@link DatasetPipeline#locateDamage}). */
  public RuntimeException locateDamage(dev.jkeras.backend.data.DataLossException loss) {
    return pipeline.locateDamage(loss);
  }

  /** Releases the pipeline (the native copies of the arrays it feeds). */
  public void dispose() {
    pipeline.close();
  }

  private static List<DType> types(List<TensorSpec> specs, List<Integer> at) {
    return at.stream().map(i -> specs.get(i).dtype()).toList();
  }

  private static List<Shape> samples(List<TensorSpec> specs, List<Integer> at) {
    return at.stream().map(i -> specs.get(i).shape().rank() == 0 ? Shape.scalar() : specs.get(i).shape().dropFirst())
        .toList();
  }

  /** The dataset's cardinality: a count of batches, {@link Dataset#INFINITE_CARDINALITY} or {@link Dataset#UNKNOWN_CARDINALITY}. */
  public long cardinality() {
    return cardinality;
  }

  @Override
  public DataSignature signature() {
    return signature;
  }

  /** The number of batches per epoch; -1 when only iterating tells (unknown or infinite cardinality). */
  @Override
  public int numBatches() {
    return cardinality >= 0 && cardinality <= Integer.MAX_VALUE ? (int) cardinality : -1;
  }

  /**
   * The batch size when the element spec fixes it (a batch with dropRemainder), else -1; sharded,
   * the size of this worker's slice.
   */
  @Override
  public int batchSize() {
    return batchSize < 0 ? -1 : batchSize / workers;
  }

  /**
   * Makes this adapter give worker {@code index} of {@code count} its slice of each batch (a global
   * batch), as tf.data's auto-shard policy {@code DATA} with rebatching under
   * {@code MultiWorkerMirroredStrategy}: every worker reads the whole dataset, so all take the same
   * number of steps, and keeps samples {@code floor(index n / count)} to {@code floor((index + 1) n /
   * count)} of each batch of {@code n}: the {@code index}-th {@code n / count} when {@code count}
   * divides {@code n}, nearly equal slices (some empty when {@code n < count}) otherwise. Call it before
   * the steps are traced. Returns this adapter.
   */
  public DatasetAdapter shard(int count, int index) {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("Worker " + index + " of " + count + " is not a valid shard");
    }
    if (batchSize > 0 && batchSize % count != 0) {
      throw new IllegalArgumentException("The dataset's batches of " + batchSize + " do not divide by the " + count
          + " workers: batch it by a multiple of " + count + " (the global batch; each worker takes batchSize / "
          + count + " samples per step)");
    }
    this.workers = count;
    this.worker = index;
    return this;
  }

  @Override
  public void onEpochBegin() {
    restart();
  }

  /** Starts the iterator unless it is running: for iteration that continues across epochs ({@code stepsPerEpoch}). */
  public void continueOrStart() {
    if (!started) {
      restart();
    }
  }

  /** Restarts the iterator at the first element. */
  public void restart() {
    pipeline.start();
    started = true;
  }

  /** Notes that the data ran out; the next {@link #continueOrStart} restarts it. */
  public void exhausted() {
    started = false;
  }

  @Override
  public List<KerasTensor> next(List<KerasTensor> after) {
    List<KerasTensor> element = pipeline.iterator().next(after);
    List<KerasTensor> ordered = new ArrayList<>();
    layout.xs().forEach(i -> ordered.add(element.get(i)));
    layout.ys().forEach(i -> ordered.add(element.get(i)));
    if (layout.sampleWeight() >= 0) {
      ordered.add(element.get(layout.sampleWeight()));
    }
    return workers == 1 ? ordered : slices(ordered);
  }

  /** This worker's rows of each of {@code batch}'s tensors (all of the same number of rows). */
  private List<KerasTensor> slices(List<KerasTensor> batch) {
    KerasTensor n = Ops.cast(Ops.take(Ops.shape(batch.get(0)), Ops.scalar(0, DType.INT32)), DType.FLOAT64);
    KerasTensor from = Ops.floor(Ops.divide(Ops.multiply(n, (double) worker), (double) workers));
    KerasTensor to = Ops.floor(Ops.divide(Ops.multiply(n, (double) (worker + 1)), (double) workers));
    KerasTensor count = Ops.reshape(Ops.cast(Ops.subtract(to, from), DType.INT32), 1);
    KerasTensor rows = Ops.cast(Ops.add(Ops.subtract(Ops.cumsum(Ops.add(Ops.zeros(count, DType.FLOAT64), 1.0)), 1.0),
        from), DType.INT32);
    return batch.stream().map(t -> Ops.take(t, rows, 0)).toList();
  }

  /** Nothing to feed: the step reads its batches in the graph. */
  @Override
  public Batch batch(int index) {
    return new Batch(-1, List.of(), List.of());
  }

  @Override
  public Batch batches(int first, int count) {
    return batch(first);
  }

  /** Ends the loop using the adapter: a kept adapter becomes free for the next; another closes its pipeline. */
  @Override
  public void close() {
    if (kept) {
      inUse.set(false);
    } else {
      pipeline.close();
    }
  }
}
