package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * Global average pooling, as {@code keras.layers.GlobalAveragePooling2D}: the average over the spatial axes of inputs
 * {@code (batch, height, width, channels)}, giving {@code (batch, channels)}.
 */
public class GlobalAveragePooling2D extends BaseGlobalPooling<GlobalAveragePooling2D> {

  public GlobalAveragePooling2D() {
    super(2, PoolMode.AVERAGE);
  }

  public static GlobalAveragePooling2D fromConfig(Config config) {
    return configure(new GlobalAveragePooling2D(), config);
  }
}
