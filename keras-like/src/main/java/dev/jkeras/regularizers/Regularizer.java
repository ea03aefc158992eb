package dev.jkeras.regularizers;

import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.jkeras.KerasTensor;

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
