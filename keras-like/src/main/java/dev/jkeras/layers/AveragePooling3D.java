package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * 3-D average pooling, as {@code keras.layers.AveragePooling3D}: the average of each window of inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first); {@code pool_size} defaults to
 * {@code (2, 2, 2)}, {@code strides} to the pool size, {@code padding} to {@code "valid"}.
 */
public class AveragePooling3D extends BasePooling<AveragePooling3D> {

  /** A cubic window of {@code poolSize} (one value) or {@code depth, height, width}. */
  public AveragePooling3D(int... poolSize) {
    super(3, PoolMode.AVERAGE, poolSize.length == 0 ? new int[] {2} : poolSize);
  }

  public static AveragePooling3D fromConfig(Config config) {
    return configure(new AveragePooling3D(poolSize(config, 2)), config);
  }
}
