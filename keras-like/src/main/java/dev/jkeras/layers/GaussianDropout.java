package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Multiplies inputs by noise of mean 1 and standard deviation {@code sqrt(rate / (1 - rate))} while
 * training, as {@code keras.layers.GaussianDropout}; passes inputs through unchanged otherwise.
 */
public class GaussianDropout extends BaseGaussianNoise<GaussianDropout> {

  /** {@code rate}: the drop probability of the equivalent Dropout, in [0, 1). */
  public GaussianDropout(double rate) {
    this(rate, 0);
  }

  /** With a fixed seed for the noise (0 means unseeded). */
  public GaussianDropout(double rate, long seed) {
    super("rate", rate, seed);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `rate` of GaussianDropout layer \""
          + name() + "\": expected a float value in [0, 1), got rate=" + rate
          + (rate == 1 ? " (a rate of 1 makes the noise's standard deviation infinite)" : ""));
    }
  }

  public double rate() {
    return amount();
  }

  @Override
  KerasTensor noisy(KerasTensor inputs, long seed) {
    double stddev = Math.sqrt(rate() / (1 - rate()));
    return Ops.multiply(inputs, Ops.randomNormal(Ops.shape(inputs), 1, stddev, inputs.dtype(), seed));
  }

  public static GaussianDropout fromConfig(Config config) {
    return new GaussianDropout(amountOf(config, "GaussianDropout", "rate", "[0, 1)"), config.getLong("seed", 0));
  }
}
