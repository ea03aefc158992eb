package dev.jkeras.trainers.adapters;

import dev.jkeras.KerasTensor;
import java.util.List;

/**
 * Batches a traced step reads inside the model's graph (from a dataset iterator there) instead of
 * being fed: each {@link #next} builds the read of one batch, its tensors in the order the step
 * takes them (inputs, targets, then the sample weights when there are some).
 */
public interface GraphBatches {

  /** The next batch, read after the tensors {@code after} (the previous batch of the same run; empty for the first). */
  List<KerasTensor> next(List<KerasTensor> after);
}
