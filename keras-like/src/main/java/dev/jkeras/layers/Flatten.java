package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.Map;

/** Flattens each sample to a vector: {@code (batch, 28, 28)} becomes {@code (batch, 784)}. */
public class Flatten extends Layer {

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    Shape sample = inputs.shape().dropFirst();
    if (!sample.isFullyDefined()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Flatten) needs known sample dimensions, got "
          + inputs.shape());
    }
    return Ops.reshape(inputs, Shape.UNKNOWN, sample.size());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("data_format", "channels_last");
    return config;
  }
}
