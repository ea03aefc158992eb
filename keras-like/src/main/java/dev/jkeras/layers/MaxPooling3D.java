package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * 3-D max pooling, as {@code keras.layers.MaxPooling3D}: the max of each window of inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first); {@code pool_size} defaults to
 * {@code (2, 2, 2)}, {@code strides} to the pool size, {@code padding} to {@code "valid"}.
 */
public class MaxPooling3D extends BasePooling<MaxPooling3D> {

  /** A cubic window of {@code poolSize} (one value) or {@code depth, height, width}. */
  public MaxPooling3D(int... poolSize) {
    super(3, PoolMode.MAX, poolSize.length == 0 ? new int[] {2} : poolSize);
  }

  public static MaxPooling3D fromConfig(Config config) {
    return configure(new MaxPooling3D(poolSize(config, 2)), config);
  }
}
