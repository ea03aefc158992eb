package dev.jkeras.constraints;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A projection applied to a weight right after each optimizer update of it, inside the same train
 * step, as Keras's {@code keras.constraints.Constraint}: the weight is replaced by
 * {@code apply(weight)}.
 */
@FunctionalInterface
public interface Constraint extends KerasSerializable {
  /** The constrained value of {@code weight}. */
  KerasTensor apply(KerasTensor weight);

  /** No options by default. */
  @Override
  default Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
