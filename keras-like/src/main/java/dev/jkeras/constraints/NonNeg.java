package dev.jkeras.constraints;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;

/** Keeps weights non-negative: {@code max(w, 0)}. */
public final class NonNeg implements Constraint {
  @Override
  public KerasTensor apply(KerasTensor weight) {
    return Ops.maximum(weight, 0);
  }
}
