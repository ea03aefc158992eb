package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * Global max pooling, as {@code keras.layers.GlobalMaxPooling3D}: the max over the spatial axes of inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first), giving {@code (batch, channels)}.
 */
public class GlobalMaxPooling3D extends BaseGlobalPooling<GlobalMaxPooling3D> {

  public GlobalMaxPooling3D() {
    super(3, PoolMode.MAX);
  }

  public static GlobalMaxPooling3D fromConfig(Config config) {
    return configure(new GlobalMaxPooling3D(), config);
  }
}
