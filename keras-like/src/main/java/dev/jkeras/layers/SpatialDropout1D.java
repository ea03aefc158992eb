package dev.jkeras.layers;

import dev.jkeras.saving.Config;

/**
 * Dropout of whole channels of sequences, as {@code keras.layers.SpatialDropout1D}: inputs
 * {@code (batch, steps, channels)}; while training, each channel of a sample is dropped at every step
 * together (adjacent steps are strongly correlated, so element-wise dropout barely regularizes).
 */
public class SpatialDropout1D extends BaseSpatialDropout<SpatialDropout1D> {

  public SpatialDropout1D(double rate) {
    this(rate, 0);
  }

  /** With a fixed seed for the dropout mask (0 means unseeded). */
  public SpatialDropout1D(double rate, long seed) {
    super(3, rate, seed);
  }

  public static SpatialDropout1D fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("SpatialDropout1D's config needs \"rate\" (a number in [0, 1)), got " + config);
    }
    return new SpatialDropout1D(config.getDouble("rate", 0), config.getLong("seed", 0));
  }
}
