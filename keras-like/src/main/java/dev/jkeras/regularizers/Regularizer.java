package dev.jkeras.regularizers;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A penalty on a weight, added to the training loss. */
@FunctionalInterface
public interface Regularizer extends KerasSerializable {
  /** The penalty for {@code weight}, a scalar. */
  KerasTensor apply(KerasTensor weight);

  /** No options by default. */
  @Override
  default Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
