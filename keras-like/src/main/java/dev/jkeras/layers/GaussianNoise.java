package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Adds zero-centred Gaussian noise of standard deviation {@code stddev} while training, as
 * {@code keras.layers.GaussianNoise} (a regularizer against overfitting); passes inputs through
 * unchanged otherwise.
 */
public class GaussianNoise extends Layer {
  private final double stddev;
  private long seed;

  /** {@code stddev}: the standard deviation of the noise, in [0, 1] as Keras requires. */
  public GaussianNoise(double stddev) {
    if (!(stddev >= 0 && stddev <= 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `stddev` of GaussianNoise layer \""
          + name() + "\": expected a float value between 0 and 1, got stddev=" + stddev);
    }
    this.stddev = stddev;
  }

  /** With a fixed seed for the noise (0 means unseeded). */
  public GaussianNoise(double stddev, long seed) {
    this(stddev);
    this.seed = seed;
  }

  public double stddev() {
    return stddev;
  }

  /** A fixed seed for the noise (0 means unseeded). */
  public GaussianNoise seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  @Override
  public GaussianNoise name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public GaussianNoise inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || stddev == 0) {
      return inputs;
    }
    return Ops.add(inputs, Ops.randomNormal(Ops.shape(inputs), 0, stddev, inputs.dtype(), seed));
  }

  public static GaussianNoise fromConfig(Config config) {
    if (!config.has("stddev")) {
      throw new IllegalArgumentException("GaussianNoise's config needs \"stddev\" (a number in [0, 1]), got " + config);
    }
    return new GaussianNoise(config.getDouble("stddev", 0), config.getLong("seed", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("stddev", stddev);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }
}
