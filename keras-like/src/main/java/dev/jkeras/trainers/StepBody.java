package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import java.util.Map;

/**
 * The body of a custom training (or evaluation) step, written as a Keras 3 loop's body over one
 * batch's symbolic tensors: forward pass, loss, {@code tape.gradient}, {@code optimizer.applyGradients},
 * metric updates. It is traced once per data signature; the updates it makes (optimizer, metrics,
 * layers) run each time the step runs.
 */
@FunctionalInterface
public interface StepBody {

  /**
   * Traces one step on batch inputs {@code x} and targets {@code y}; returns the values to read
   * after it, by name (read after every update the step makes).
   */
  Map<String, KerasTensor> step(KerasTensor x, KerasTensor y, GradientTape tape);
}
