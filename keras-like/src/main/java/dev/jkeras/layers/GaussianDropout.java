package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Multiplies inputs by noise of mean 1 and standard deviation {@code sqrt(rate / (1 - rate))} while
 * training, as {@code keras.layers.GaussianDropout}; passes inputs through unchanged otherwise.
 */
public class GaussianDropout extends Layer {
  private final double rate;
  private long seed;

  /** {@code rate}: the drop probability of the equivalent Dropout, in [0, 1). */
  public GaussianDropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate` of GaussianDropout layer \""
          + name() + "\": expected a float value in [0, 1), got rate=" + rate
          + (rate == 1 ? " (a rate of 1 makes the noise's standard deviation infinite)" : ""));
    }
    this.rate = rate;
  }

  /** With a fixed seed for the noise (0 means unseeded). */
  public GaussianDropout(double rate, long seed) {
    this(rate);
    this.seed = seed;
  }

  public double rate() {
    return rate;
  }

  /** A fixed seed for the noise (0 means unseeded). */
  public GaussianDropout seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  @Override
  public GaussianDropout name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public GaussianDropout inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || rate == 0) {
      return inputs;
    }
    double stddev = Math.sqrt(rate / (1 - rate));
    return Ops.multiply(inputs, Ops.randomNormal(Ops.shape(inputs), 1, stddev, inputs.dtype(), seed));
  }

  public static GaussianDropout fromConfig(Config config) {
    if (!config.has("rate")) {
      throw new IllegalArgumentException("GaussianDropout's config needs \"rate\" (a number in [0, 1)), got " + config);
    }
    return new GaussianDropout(config.getDouble("rate", 0), config.getLong("seed", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("rate", rate);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }
}
