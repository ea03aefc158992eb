package dev.jkeras.layers;

import dev.jkeras.backend.PoolMode;
import dev.jkeras.saving.Config;

/**
 * 2-D average pooling, as {@code keras.layers.AveragePooling2D}: the average of each window of inputs
 * {@code (batch, height, width, channels)}; {@code pool_size} defaults to {@code (2, 2)}, {@code strides} to the pool size,
 * {@code padding} to {@code "valid"}.
 */
public class AveragePooling2D extends BasePooling<AveragePooling2D> {

  /** A square window of {@code poolSize} (one value) or {@code height, width}. */
  public AveragePooling2D(int... poolSize) {
    super(2, PoolMode.AVERAGE, poolSize.length == 0 ? new int[] {2} : poolSize);
  }

  public static AveragePooling2D fromConfig(Config config) {
    return configure(new AveragePooling2D(poolSize(config, 2)), config);
  }
}
