package dev.jkeras.layers;

import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Dropout of whole feature maps of volumes, as {@code keras.layers.SpatialDropout3D}: inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first); while training, each channel of a sample is
 * dropped at every voxel together.
 */
public class SpatialDropout3D extends BaseSpatialDropout<SpatialDropout3D> {
  public SpatialDropout3D(double rate) {
    this(rate, 0);
  }

  /** With a fixed seed for the dropout mask (0 means unseeded). */
  public SpatialDropout3D(double rate, long seed) {
    super(5, rate, seed);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public SpatialDropout3D dataFormat(String dataFormat) {
    return dataFormatOption(dataFormat);
  }

  public static SpatialDropout3D fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("SpatialDropout3D's config needs \"rate\" (a number in [0, 1)), got "
          + config);
    }
    return new SpatialDropout3D(config.getDouble("rate", 0), config.getLong("seed", 0))
        .dataFormat(config.getString("data_format", "channels_last"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("data_format", dataFormatOption());
    return config;
  }
}
