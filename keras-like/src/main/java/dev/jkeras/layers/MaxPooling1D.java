package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * 1-D max pooling, as {@code keras.layers.MaxPooling1D}: the max of each window of inputs
 * {@code (batch, steps, channels)}; {@code pool_size} defaults to {@code 2}, {@code strides} to the pool size,
 * {@code padding} to {@code "valid"}.
 */
public class MaxPooling1D extends BasePooling<MaxPooling1D> {

  /** Windows of {@code poolSize} steps. */
  public MaxPooling1D(int poolSize) {
    super(1, PoolMode.MAX, poolSize);
  }

  /** Windows of 2 steps, Keras's default. */
  public MaxPooling1D() {
    this(2);
  }

  public static MaxPooling1D fromConfig(Config config) {
    return configure(new MaxPooling1D(poolSize(config, 2)[0]), config);
  }
}
