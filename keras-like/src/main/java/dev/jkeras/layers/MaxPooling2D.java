package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * 2-D max pooling, as {@code keras.layers.MaxPooling2D}: the max of each window of inputs
 * {@code (batch, height, width, channels)}; {@code pool_size} defaults to {@code (2, 2)}, {@code strides} to the pool size,
 * {@code padding} to {@code "valid"}.
 */
public class MaxPooling2D extends BasePooling<MaxPooling2D> {

  /** A square window of {@code poolSize} (one value) or {@code height, width}. */
  public MaxPooling2D(int... poolSize) {
    super(2, PoolMode.MAX, poolSize.length == 0 ? new int[] {2} : poolSize);
  }

  public static MaxPooling2D fromConfig(Config config) {
    return configure(new MaxPooling2D(poolSize(config, 2)), config);
  }
}
