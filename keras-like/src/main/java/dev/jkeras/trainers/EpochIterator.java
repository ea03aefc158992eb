package dev.jkeras.trainers;

import dev.jkeras.trainers.adapters.DataAdapter;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The steps of each epoch over a {@link DataAdapter} (Keras's {@code EpochIterator}): every epoch
 * starts the adapter's epoch (reshuffling it) and yields its steps in order, each the span of
 * batches {@code [begin, end]} one session run of the step consumes — one batch per run for now.
 * A loop may stop iterating an epoch early; the next epoch starts from its first step.
 */
public final class EpochIterator {
  private final DataAdapter adapter;

  public EpochIterator(DataAdapter adapter) {
    this.adapter = adapter;
  }

  /** The number of steps in one epoch. */
  public int stepsPerEpoch() {
    return adapter.numBatches();
  }

  /** The data's adapter. */
  public DataAdapter adapter() {
    return adapter;
  }

  /** The steps of a new epoch; starts it when iteration begins. */
  public Iterable<Step> epoch() {
    return () -> {
      adapter.onEpochBegin();
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < stepsPerEpoch();
        }

        @Override
        public Step next() {
          if (!hasNext()) {
            throw new NoSuchElementException("The epoch has " + stepsPerEpoch() + " steps");
          }
          int step = next++;
          return new Step(adapter, step, step);
        }
      };
    };
  }

  /**
   * One session run of the step: batches {@code begin} to {@code end} (inclusive) of the epoch, their
   * feeds made by {@link #open()}.
   */
  public record Step(DataAdapter adapter, int begin, int end) {

    /** The feeds of this step's batch; close it once the step ran. */
    public DataAdapter.Batch open() {
      return adapter.batch(begin);
    }
  }
}
