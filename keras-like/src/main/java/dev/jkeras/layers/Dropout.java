package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Sets a fraction {@code rate} of inputs to 0 while training and scales the rest by
 * {@code 1 / (1 - rate)}; passes inputs through unchanged otherwise.
 */
public class Dropout extends Layer {
  private final double rate;
  private long seed;

  public Dropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Dropout rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  public Dropout(double rate, long seed) {
    this(rate);
    this.seed = seed;
  }

  public double rate() {
    return rate;
  }

  /** A fixed seed for the dropout mask (0 means unseeded). */
  public Dropout seed(long seed) {
    checkNotBuilt("seed");
    this.seed = seed;
    return this;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (!training || rate == 0) {
      return inputs;
    }
    KerasTensor noise = Ops.randomUniform(Ops.shape(inputs), 0, 1, inputs.dtype(), seed);
    KerasTensor keep = Ops.cast(Ops.greaterEqual(noise, rate), inputs.dtype());
    return Ops.multiply(inputs, Ops.divide(keep, 1 - rate));
  }

  public static Dropout fromConfig(Config config) {
    return new Dropout(config.getDouble("rate", 0), config.getLong("seed", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("rate", rate);
    config.put("seed", seed == 0 ? null : seed);
    config.put("noise_shape", null);
    return config;
  }
}
