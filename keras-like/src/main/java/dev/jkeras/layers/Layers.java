package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import java.util.List;

/** Keras's functional merge helpers: {@code Layers.concatenate(inputA, hidden2)}. */
public final class Layers {
  private Layers() {}

  /** Joins tensors along the last axis. */
  public static KerasTensor concatenate(KerasTensor... inputs) {
    return new Concatenate().apply(List.of(inputs));
  }

  public static KerasTensor concatenate(List<KerasTensor> inputs, int axis) {
    return new Concatenate(axis).apply(inputs);
  }

  public static KerasTensor add(KerasTensor... inputs) {
    return new Add().apply(List.of(inputs));
  }

  public static KerasTensor subtract(KerasTensor a, KerasTensor b) {
    return new Subtract().apply(List.of(a, b));
  }

  public static KerasTensor multiply(KerasTensor... inputs) {
    return new Multiply().apply(List.of(inputs));
  }

  public static KerasTensor average(KerasTensor... inputs) {
    return new Average().apply(List.of(inputs));
  }

  public static KerasTensor maximum(KerasTensor... inputs) {
    return new Maximum().apply(List.of(inputs));
  }

  public static KerasTensor minimum(KerasTensor... inputs) {
    return new Minimum().apply(List.of(inputs));
  }
}
