package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * Global average pooling, as {@code keras.layers.GlobalAveragePooling3D}: the average over the spatial axes of inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first), giving {@code (batch, channels)}.
 */
public class GlobalAveragePooling3D extends BaseGlobalPooling<GlobalAveragePooling3D> {

  public GlobalAveragePooling3D() {
    super(3, PoolMode.AVERAGE);
  }

  public static GlobalAveragePooling3D fromConfig(Config config) {
    return configure(new GlobalAveragePooling3D(), config);
  }
}
