package dev.jkeras.trainers.adapters;

import dev.jkeras.backend.Feed;
import java.util.List;

/**
 * A source of batches for the {@link dev.jkeras.trainers.EpochIterator} (Keras's
 * {@code DataAdapter}): how many batches an epoch has, and the feeds of each for the traced step.
 * Closing it releases what it copied into native memory.
 */
public interface DataAdapter extends AutoCloseable {

  /** The signature of the data, which the step it feeds is traced for. */
  DataSignature signature();

  /** The number of batches in one epoch; -1 when unknown until the data ends (a filtered or endless dataset). */
  int numBatches();

  /** The number of samples in a full batch. */
  int batchSize();

  /**
   * Whether batches {@code first} to {@code first + count - 1} all hold {@link #batchSize} samples, so
   * that a step traced for that static batch size can run them; by default not known, so never.
   */
  default boolean full(int first, int count) {
    return false;
  }

  /** Called before each epoch's first batch (e.g. to reshuffle). */
  void onEpochBegin();

  /**
   * Called instead of {@link #onEpochBegin} before an epoch of a fit given {@code stepsPerEpoch}: a
   * source that streams (a dataset) continues where the last epoch stopped, as Keras's iterator does,
   * restarting only after {@link #exhausted}; arrays start their epoch as usual.
   */
  default void continueOrStart() {
    onEpochBegin();
  }

  /** Notes that the data ran out, so the next {@link #continueOrStart} starts it again. */
  default void exhausted() {}

  /**
   * The feeds of batch {@code index} (0-based) of the current epoch, in the order the traced step
   * takes its inputs; the caller closes the batch.
   */
  Batch batch(int index);

  /**
   * The feeds of one run of an execution of {@code count} consecutive batches from {@code first}:
   * what {@link #batch} feeds for batch {@code first}, then for each further batch only what differs
   * (its indices into the arrays fed once); {@code count} 1 is {@code batch(first)}.
   */
  Batch batches(int first, int count);

  @Override
  void close();

  /**
   * The feeds of one run of the step, and those made for this run alone, released when it is
   * closed; {@code firstSample} is the batch's offset in the epoch's order.
   */
  record Batch(int firstSample, List<Feed> feeds, List<Feed> owned) implements AutoCloseable {
    public Batch {
      feeds = List.copyOf(feeds);
      owned = List.copyOf(owned);
    }

    @Override
    public void close() {
      owned.forEach(Feed::close);
    }
  }
}
