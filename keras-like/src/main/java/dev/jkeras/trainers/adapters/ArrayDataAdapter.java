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
 */
public final class ArrayDataAdapter implements DataAdapter {
  private final ModelGraph graph;
  private final List<Feed> arrays;
  private final boolean ownsArrays;
  private final DataSignature signature;
  private final int[] order;
  private final int batchSize;
  private final SeededShuffle shuffle;

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

  @Override
  public DataSignature signature() {
    return signature;
  }

  @Override
  public int numBatches() {
    return batchesOf(order.length, batchSize);
  }

  /** The number of batches of {@code batchSize} that {@code samples} make, the last one possibly smaller. */
  public static int batchesOf(int samples, int batchSize) {
    return (samples + batchSize - 1) / batchSize;
  }

  @Override
  public int batchSize() {
    return batchSize;
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
        indices.add(graph.feed(order, from, Math.min(from + batchSize, order.length)));
      }
    } catch (RuntimeException e) {
      indices.forEach(Feed::close);
      throw e;
    }
    List<Feed> feeds = new ArrayList<>(arrays);
    feeds.addAll(indices);
    return new Batch(first * batchSize, feeds, indices);
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
