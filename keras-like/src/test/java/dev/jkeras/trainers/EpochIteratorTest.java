package dev.jkeras.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jkeras.trainers.adapters.DataAdapter;
import dev.jkeras.trainers.adapters.DataSignature;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The steps of each epoch over an adapter. */
class EpochIteratorTest {

  /** An adapter that records what the iterator asks of it. */
  static final class RecordingAdapter implements DataAdapter {
    final int batches;
    int epochsBegun;
    final List<Integer> opened = new ArrayList<>();

    RecordingAdapter(int batches) {
      this.batches = batches;
    }

    @Override
    public DataSignature signature() {
      return new DataSignature(List.of(), List.of(), List.of(), List.of(), false);
    }

    @Override
    public int numBatches() {
      return batches;
    }

    @Override
    public int batchSize() {
      return 8;
    }

    @Override
    public void onEpochBegin() {
      epochsBegun++;
    }

    @Override
    public Batch batch(int index) {
      opened.add(index);
      return new Batch(index * 8, List.of(), List.of());
    }

    @Override
    public Batch batches(int first, int count) {
      for (int index = first; index < first + count; index++) {
        opened.add(index);
      }
      return new Batch(first * 8, List.of(), List.of());
    }

    @Override
    public void close() {}
  }

  @Test
  void everyEpochStartsTheAdapterAndYieldsEachStepOnce() {
    RecordingAdapter adapter = new RecordingAdapter(3);
    EpochIterator iterator = new EpochIterator(adapter);
    assertEquals(3, iterator.stepsPerEpoch());
    for (int epoch = 1; epoch <= 2; epoch++) {
      List<Integer> begins = new ArrayList<>();
      for (EpochIterator.Step step : iterator.epoch()) {
        assertEquals(step.begin(), step.end(), "one batch per run");
        begins.add(step.begin());
      }
      assertEquals(List.of(0, 1, 2), begins);
      assertEquals(epoch, adapter.epochsBegun);
    }
    assertEquals(List.of(), adapter.opened, "batches are fed only when a step opens them");
  }

  @Test
  void aStoppedEpochLeavesTheNextOneWhole() {
    RecordingAdapter adapter = new RecordingAdapter(4);
    EpochIterator iterator = new EpochIterator(adapter);
    for (EpochIterator.Step step : iterator.epoch()) {
      try (DataAdapter.Batch batch = step.open()) {
        assertEquals(step.begin() * 8, batch.firstSample());
      }
      if (step.begin() == 1) {
        break;
      }
    }
    assertEquals(List.of(0, 1), adapter.opened);
    List<Integer> next = new ArrayList<>();
    iterator.epoch().forEach(step -> next.add(step.begin()));
    assertEquals(List.of(0, 1, 2, 3), next);
    assertEquals(2, adapter.epochsBegun);
  }

  @Test
  void anEpochEndsAfterItsLastStep() {
    Iterator<EpochIterator.Step> steps = new EpochIterator(new RecordingAdapter(1)).epoch().iterator();
    steps.next();
    NoSuchElementException e = assertThrows(NoSuchElementException.class, steps::next);
    assertEquals("The epoch has 1 steps", e.getMessage());
  }

  @Test
  void executionsOfSeveralBatchesEndWithTheBatchesLeft() {
    RecordingAdapter adapter = new RecordingAdapter(10);
    EpochIterator iterator = new EpochIterator(adapter, 4);
    assertEquals(10, iterator.stepsPerEpoch(), "the progress bar's target stays the number of batches");
    List<String> spans = new ArrayList<>();
    for (EpochIterator.Step step : iterator.epoch()) {
      spans.add(step.begin() + "-" + step.end() + "x" + step.batches());
      try (DataAdapter.Batch batch = step.open()) {
        assertEquals(step.begin() * 8, batch.firstSample());
      }
    }
    // As Keras's EpochIterator: end = begin + steps_per_execution - 1, also for the shorter last one.
    assertEquals(List.of("0-3x4", "4-7x4", "8-11x2"), spans);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), adapter.opened);
    List<String> singles = new ArrayList<>();
    new EpochIterator(adapter, 4).epoch().forEach(step -> {
      if (step.batches() < 4) {
        step.oneBatchEach().forEach(one -> singles.add(one.begin() + "-" + one.end() + "x" + one.batches()));
      }
    });
    assertEquals(List.of("8-8x1", "9-9x1"), singles);
    assertEquals(List.of("0-31x10"), spansOf(new EpochIterator(adapter, 32)), "at most one epoch per execution");
  }

  private static List<String> spansOf(EpochIterator iterator) {
    List<String> spans = new ArrayList<>();
    iterator.epoch().forEach(step -> spans.add(step.begin() + "-" + step.end() + "x" + step.batches()));
    return spans;
  }

  @Test
  void aNonPositiveNumberOfStepsPerExecutionIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EpochIterator(new RecordingAdapter(1), 0));
    assertEquals("stepsPerExecution must be >= 1, got 0", e.getMessage());
  }
}
