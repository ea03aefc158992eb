package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * Global average pooling, as {@code keras.layers.GlobalAveragePooling1D}: the average over the spatial axes of inputs
 * {@code (batch, steps, channels)}, giving {@code (batch, channels)}.
 */
public class GlobalAveragePooling1D extends BaseGlobalPooling<GlobalAveragePooling1D> {

  public GlobalAveragePooling1D() {
    super(1, PoolMode.AVERAGE);
  }

  public static GlobalAveragePooling1D fromConfig(Config config) {
    return configure(new GlobalAveragePooling1D(), config);
  }
}
