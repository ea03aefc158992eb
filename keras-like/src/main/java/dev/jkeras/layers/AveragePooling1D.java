package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * 1-D average pooling, as {@code keras.layers.AveragePooling1D}: the average of each window of inputs
 * {@code (batch, steps, channels)}; {@code pool_size} defaults to {@code 2}, {@code strides} to the pool size,
 * {@code padding} to {@code "valid"}.
 */
public class AveragePooling1D extends BasePooling<AveragePooling1D> {

  /** Windows of {@code poolSize} steps. */
  public AveragePooling1D(int poolSize) {
    super(1, PoolMode.AVERAGE, poolSize);
  }

  /** Windows of 2 steps, Keras's default. */
  public AveragePooling1D() {
    this(2);
  }

  public static AveragePooling1D fromConfig(Config config) {
    return configure(new AveragePooling1D(poolSize(config, 2)[0]), config);
  }
}
