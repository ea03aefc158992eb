package dev.jkeras.layers;

import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Dropout of whole feature maps of images, as {@code keras.layers.SpatialDropout2D}: inputs
 * {@code (batch, height, width, channels)} (or channels-first); while training, each channel of a sample is dropped at
 * every pixel together.
 */
public class SpatialDropout2D extends BaseSpatialDropout<SpatialDropout2D> {
  public SpatialDropout2D(double rate) {
    this(rate, 0);
  }

  /** With a fixed seed for the dropout mask (0 means unseeded). */
  public SpatialDropout2D(double rate, long seed) {
    super(4, rate, seed);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public SpatialDropout2D dataFormat(String dataFormat) {
    return dataFormatOption(dataFormat);
  }

  public static SpatialDropout2D fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("SpatialDropout2D's config needs \"rate\" (a number in [0, 1)), got " + config);
    }
    return new SpatialDropout2D(config.getDouble("rate", 0), config.getLong("seed", 0))
        .dataFormat(config.getString("data_format", "channels_last"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("data_format", dataFormatOption());
    return config;
  }
}
