package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * Global max pooling, as {@code keras.layers.GlobalMaxPooling2D}: the max over the spatial axes of inputs
 * {@code (batch, height, width, channels)}, giving {@code (batch, channels)}.
 */
public class GlobalMaxPooling2D extends BaseGlobalPooling<GlobalMaxPooling2D> {

  public GlobalMaxPooling2D() {
    super(2, PoolMode.MAX);
  }

  public static GlobalMaxPooling2D fromConfig(Config config) {
    return configure(new GlobalMaxPooling2D(), config);
  }
}
