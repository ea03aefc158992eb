package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * Global max pooling, as {@code keras.layers.GlobalMaxPooling1D}: the max over the spatial axes of inputs
 * {@code (batch, steps, channels)}, giving {@code (batch, channels)}.
 */
public class GlobalMaxPooling1D extends BaseGlobalPooling<GlobalMaxPooling1D> {

  public GlobalMaxPooling1D() {
    super(1, PoolMode.MAX);
  }

  public static GlobalMaxPooling1D fromConfig(Config config) {
    return configure(new GlobalMaxPooling1D(), config);
  }
}
