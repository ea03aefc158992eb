package dev.jkeras.trainers.adapters;

import dev.jkeras.backend.Feed;
import dev.jkeras.backend.ModelGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches of in-memory arrays (Keras's {@code ArrayDataAdapter}): the arrays are copied into native
 * memory once and fed whole to every step, with the indices of one batch (of each batch, for an
 * execution of several); the traced step gathers the batch itself, so nothing per batch is copied in
 * Java. With a {@link SeededShuffle}, the order of
 * the samples is reshuffled before each epoch.
 *
 * <p>Sharded for data-parallel training ({@link #shard}), each batch of the given (global) batch
 * size is cut into one contiguous slice per worker, as TensorFlow's auto-shard policy {@code DATA}
 * rebatches a global batch: worker {@code i} of {@code n} takes the {@code i}-th {@code batchSize/n}
 * samples of every global batch. A last, smaller global batch is cut into {@code n} equal slices;
 * the samples that do not divide evenly are left out (with a warning), and so is a last batch of
 * fewer samples than workers.
 */
public final class ArrayDataAdapter implements DataAdapter {
  private final ModelGraph graph;
  private final List<Feed> arrays;
  private final boolean ownsArrays;
  private final DataSignature signature;
  private final int[] order;
  private final int batchSize;
  private final SeededShuffle shuffle;
  private int workers = 1;
  private int worker;
  private boolean warnedUneven;
  /** Sharded for evaluation: every sample is used, a short last batch cut into nearly equal slices. */
  private boolean keepsEverySample;

  private ArrayDataAdapter(ModelGraph graph, List<Feed> arrays, boolean ownsArrays, DataSignature signature,
      int from, int to, int batchSize, SeededShuffle shuffle) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("Invalid sample range [" + from + ", " + to + ")");
    }
    this.graph = graph;
    this.arrays = arrays;
    this.ownsArrays = ownsArrays;
    this.signature = signature;
    this.order = new int[to - from];
    for (int i = 0; i < order.length; i++) {
      order[i] = from + i;
    }
    this.batchSize = batchSize;
    this.shuffle = shuffle;
  }

  /**
   * Feeds {@code data} into {@code graph} and batches its samples {@code from} to {@code to}
   * (exclusive); {@code shuffle} null keeps their order.
   */
  public static ArrayDataAdapter of(ModelGraph graph, ArrayData data, int from, int to, int batchSize,
      SeededShuffle shuffle) {
    if (to > data.samples()) {
      throw new IllegalArgumentException("Sample range [" + from + ", " + to + ") exceeds the " + data.samples()
          + " samples");
    }
    List<Feed> feeds = new ArrayList<>();
    try {
      for (var array : data.arrays()) {
        feeds.add(graph.feed(array));
      }
      return new ArrayDataAdapter(graph, feeds, true, data.signature(), from, to, batchSize, shuffle);
    } catch (RuntimeException e) {
      feeds.forEach(Feed::close);
      throw e;
    }
  }

  /** All of {@code data}'s samples, in order. */
  public static ArrayDataAdapter of(ModelGraph graph, ArrayData data, int batchSize) {
    return of(graph, data, 0, data.samples(), batchSize, null);
  }

  /**
   * Batches samples {@code from} to {@code to} of the same fed arrays, in order (a validation split's
   * tail); the arrays stay owned by this adapter, so close the view first.
   */
  public ArrayDataAdapter view(int from, int to, int batchSize) {
    return new ArrayDataAdapter(graph, arrays, false, signature, from, to, batchSize, null);
  }

  /**
   * Makes this adapter give worker {@code index} of {@code count} its slice of each global batch;
   * the batch size given is the global one and must divide by {@code count}. Returns this adapter.
   */
  public ArrayDataAdapter shard(int count, int index) {
    return shard(count, index, false);
  }

  /**
   * As {@link #shard}, for evaluation: every sample is evaluated once by one worker. A last, smaller
   * global batch of {@code s} samples gives worker {@code i} the samples {@code floor(i s / count)}
   * to {@code floor((i + 1) s / count)} of it (nearly equal slices, some empty when {@code s < count});
   * the metric state summed over the workers is then that of the whole data.
   */
  public ArrayDataAdapter shardForEvaluation(int count, int index) {
    return shard(count, index, true);
  }

  private ArrayDataAdapter shard(int count, int index, boolean everySample) {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("Worker " + index + " of " + count + " is not a valid shard");
    }
    if (batchSize % count != 0) {
      throw new IllegalArgumentException("The global batch size " + batchSize + " does not divide by the " + count
          + " workers: give " + (everySample ? "evaluate (or fit, for validation)" : "fit") + " a batchSize that is "
          + "a multiple of " + count + " (each worker takes batchSize / " + count + " samples per step)");
    }
    this.workers = count;
    this.worker = index;
    this.keepsEverySample = everySample;
    return this;
  }

  @Override
  public DataSignature signature() {
    return signature;
  }

  @Override
  public int numBatches() {
    int batches = batchesOf(order.length, batchSize);
    boolean lastTooSmall = workers > 1 && !keepsEverySample && batches > 0
        && order.length - (batches - 1) * batchSize < workers;
    return lastTooSmall ? batches - 1 : batches;
  }

  /** The number of batches of {@code batchSize} that {@code samples} make, the last one possibly smaller. */
  public static int batchesOf(int samples, int batchSize) {
    return (samples + batchSize - 1) / batchSize;
  }

  @Override
  public int batchSize() {
    return batchSize / workers;
  }

  /** The number of samples batched. */
  public int samples() {
    return order.length;
  }

  @Override
  public boolean full(int first, int count) {
    return (long) (first + count) * batchSize <= samples();
  }

  @Override
  public void onEpochBegin() {
    if (shuffle != null) {
      shuffle.shuffle(order);
    }
  }

  @Override
  public Batch batch(int index) {
    return batches(index, 1);
  }

  @Override
  public Batch batches(int first, int count) {
    if (count < 1 || first < 0 || first + count > numBatches()) {
      throw new IndexOutOfBoundsException((count == 1 ? "Batch " + first : "Batches " + first + " to "
          + (first + count - 1)) + " of " + numBatches());
    }
    List<Feed> indices = new ArrayList<>(count);
    try {
      for (int index = first; index < first + count; index++) {
        int from = index * batchSize;
        int size = Math.min(from + batchSize, order.length) - from;
        if (keepsEverySample) {
          indices.add(graph.feed(order, from + (int) ((long) worker * size / workers),
              from + (int) ((long) (worker + 1) * size / workers)));
        } else {
          int slice = size / workers;
          warnIfUneven(size);
          indices.add(graph.feed(order, from + worker * slice, from + (worker + 1) * slice));
        }
      }
    } catch (RuntimeException e) {
      indices.forEach(Feed::close);
      throw e;
    }
    List<Feed> feeds = new ArrayList<>(arrays);
    feeds.addAll(indices);
    return new Batch(first * batchSize, feeds, indices);
  }

  private void warnIfUneven(int size) {
    if (size % workers != 0 && !warnedUneven) {
      warnedUneven = true;
      System.err.println("WARNING: the last batch of " + size + " samples does not split evenly over " + workers
          + " workers; its last " + (size % workers) + " sample(s) are left out of training (choose a number of "
          + "samples that is a multiple of the global batch size, or of the number of workers, to use them all)");
    }
  }

  /** The sample order of the current epoch, copied. */
  int[] order() {
    return order.clone();
  }

  @Override
  public void close() {
    if (ownsArrays) {
      arrays.forEach(Feed::close);
    }
  }
}
