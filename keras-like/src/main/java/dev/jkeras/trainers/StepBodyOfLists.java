package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import java.util.List;
import java.util.Map;

/**
 * The body of a custom step of a model with several inputs or outputs: as {@link StepBody}, over the
 * batch's input tensors and target tensors in the model's input and output order (Keras's loop body
 * over {@code x_batch, y_batch} that are lists or dicts).
 */
@FunctionalInterface
public interface StepBodyOfLists {

  /** Traces one step on the batch's inputs {@code xs} and targets {@code ys}; returns the values to read after it. */
  Map<String, KerasTensor> step(List<KerasTensor> xs, List<KerasTensor> ys, GradientTape tape);
}
