package dev.jkeras.trainers;

import dev.jkeras.trainers.adapters.DataAdapter;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * The steps of each epoch over a {@link DataAdapter} (Keras's {@code EpochIterator}): every epoch
 * starts the adapter's epoch (reshuffling it) and yields its executions in order, each the span of
 * batches one session run consumes: {@code stepsPerExecution} batches (Keras's
 * {@code steps_per_execution}), the last execution of an epoch the batches left. A loop may stop
 * iterating an epoch early; the next epoch starts from its first step.
 */
public final class EpochIterator {
  private final DataAdapter adapter;
  private final int stepsPerExecution;

  /** One batch per execution. */
  public EpochIterator(DataAdapter adapter) {
    this(adapter, 1);
  }

  public EpochIterator(DataAdapter adapter, int stepsPerExecution) {
    if (stepsPerExecution < 1) {
      throw new IllegalArgumentException("stepsPerExecution must be >= 1, got " + stepsPerExecution);
    }
    this.adapter = adapter;
    this.stepsPerExecution = stepsPerExecution;
  }

  /** The number of batches in one epoch (Keras's {@code num_batches}, the progress bar's target). */
  public int stepsPerEpoch() {
    return adapter.numBatches();
  }

  /** The number of batches each execution runs (the last one of an epoch may run fewer). */
  public int stepsPerExecution() {
    return stepsPerExecution;
  }

  /** The data's adapter. */
  public DataAdapter adapter() {
    return adapter;
  }

  /** The executions of a new epoch; starts it when iteration begins. */
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
          int begin = next;
          int batches = Math.min(stepsPerExecution, stepsPerEpoch() - begin);
          next += batches;
          return new Step(adapter, begin, begin + stepsPerExecution - 1, batches);
        }
      };
    };
  }

  /**
   * One session run of the step: {@code batches} batches from {@code begin}, their feeds made by
   * {@link #open()}. {@code end} is the index Keras gives {@code on_*_batch_end}: {@code begin} plus
   * the steps per execution, minus one, also for an epoch's last, shorter execution.
   */
  public record Step(DataAdapter adapter, int begin, int end, int batches) {

    /** One batch: {@code begin} to {@code end}. */
    public Step(DataAdapter adapter, int begin, int end) {
      this(adapter, begin, end, end - begin + 1);
    }

    /** The execution's batches, each as an execution of its own. */
    public List<Step> oneBatchEach() {
      return IntStream.range(begin, begin + batches).mapToObj(b -> new Step(adapter, b, b, 1)).toList();
    }

    /** Whether every batch of this step holds the adapter's full batch size. */
    public boolean full() {
      return adapter.full(begin, batches);
    }

    /** The feeds of this step's batches; close it once the step ran. */
    public DataAdapter.Batch open() {
      return batches == 1 ? adapter.batch(begin) : adapter.batches(begin, batches);
    }
  }
}
