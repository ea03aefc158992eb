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
 *
 * <p>Given {@code stepsPerEpoch} (Keras's {@code steps_per_epoch}), every epoch has that many steps
 * and a streaming source continues across epochs, restarting once its batches are used up (an
 * epoch that reaches the end of known data stops there). When the number of batches is unknown,
 * an epoch runs until the source reports its end ({@link #endOfData}), one batch per execution.
 */
public final class EpochIterator {
  private final DataAdapter adapter;
  private final int stepsPerExecution;
  private final int givenStepsPerEpoch;
  /** Batches taken since the source last started (across epochs when stepsPerEpoch is given). */
  private int seen;
  private boolean ended;
  /** The batches the first full pass counted when the source could not tell (-1 until then). */
  private int learned = -1;

  /** One batch per execution. */
  public EpochIterator(DataAdapter adapter) {
    this(adapter, 1);
  }

  public EpochIterator(DataAdapter adapter, int stepsPerExecution) {
    this(adapter, stepsPerExecution, 0);
  }

  /** {@code stepsPerEpoch} 0: each epoch is one pass over the data. */
  public EpochIterator(DataAdapter adapter, int stepsPerExecution, int stepsPerEpoch) {
    if (stepsPerExecution < 1) {
      throw new IllegalArgumentException("stepsPerExecution must be >= 1, got " + stepsPerExecution);
    }
    if (stepsPerEpoch < 0) {
      throw new IllegalArgumentException("stepsPerEpoch must be positive, got " + stepsPerEpoch);
    }
    if (stepsPerEpoch == 0 && adapter.numBatches() < 0 && adapter instanceof dev.jkeras.trainers.adapters.DatasetAdapter d
        && d.cardinality() == dev.jkeras.data.Dataset.INFINITE_CARDINALITY) {
      throw new IllegalArgumentException("The dataset repeats forever (its cardinality is infinite), so an epoch "
          + "never ends; give stepsPerEpoch (validationSteps for validation data, steps for evaluate or predict), or "
          + "repeat it a finite number of times");
    }
    this.adapter = adapter;
    this.givenStepsPerEpoch = stepsPerEpoch;
    this.stepsPerExecution = adapter.numBatches() < 0 ? 1 : stepsPerExecution;
  }

  /**
   * The number of steps in one epoch (Keras's {@code num_batches}, the progress bar's target): the
   * given stepsPerEpoch, else the source's batches; -1 when unknown.
   */
  public int stepsPerEpoch() {
    return givenStepsPerEpoch > 0 ? givenStepsPerEpoch : knownBatches();
  }

  /**
   * Ends the current epoch: the source reported the end of its data during the execution after
   * {@code stepsDone} steps. The next epoch starts the source again; a source that could not count
   * its batches has that many from now on (Keras learns {@code num_batches} so).
   */
  public void endOfData(int stepsDone) {
    ended = true;
    adapter.exhausted();
    if (adapter.numBatches() < 0 && givenStepsPerEpoch == 0 && learned < 0) {
      learned = stepsDone;
    }
    seen = 0;
  }

  private int knownBatches() {
    return adapter.numBatches() >= 0 ? adapter.numBatches() : learned;
  }

  /** Whether the data ran out before the given stepsPerEpoch were taken (Keras warns and stops training). */
  public boolean ranOutOfData() {
    return ended && givenStepsPerEpoch > 0;
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
      ended = false;
      if (givenStepsPerEpoch > 0) {
        adapter.continueOrStart();
      } else {
        adapter.onEpochBegin();
        seen = 0;
      }
      int limit = stepsPerEpoch();
      int known = knownBatches();
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return !ended && (limit < 0 || next < limit) && (known < 0 || seen < known);
        }

        @Override
        public Step next() {
          if (!hasNext()) {
            throw new NoSuchElementException("The epoch has " + stepsPerEpoch() + " steps");
          }
          int begin = next;
          int batches = limit < 0 ? stepsPerExecution : Math.min(stepsPerExecution, limit - begin);
          if (known >= 0) {
            batches = Math.min(batches, known - seen);
          }
          next += batches;
          seen += batches;
          if (known >= 0 && seen >= known && givenStepsPerEpoch > 0) {
            // The data is used up: as Keras, the epoch stops here (short of stepsPerEpoch, with a
            // warning) and the next epoch starts the data again.
            adapter.exhausted();
            seen = 0;
            if (next < limit) {
              ended = true;
            }
          }
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
