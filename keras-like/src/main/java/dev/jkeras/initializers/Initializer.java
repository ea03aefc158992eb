package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Computes the initial value of a weight. */
@FunctionalInterface
public interface Initializer extends KerasSerializable {
  KerasTensor apply(Shape shape, DType dtype);

  /** No options by default; initializers with options list them as Keras does. */
  @Override
  default Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
