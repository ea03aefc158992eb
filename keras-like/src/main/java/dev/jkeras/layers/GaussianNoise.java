package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;

/**
 * Adds zero-centred Gaussian noise of standard deviation {@code stddev} while training, as
 * {@code keras.layers.GaussianNoise} (a regularizer against overfitting); passes inputs through
 * unchanged otherwise.
 */
public class GaussianNoise extends BaseGaussianNoise<GaussianNoise> {

  /** {@code stddev}: the standard deviation of the noise, in [0, 1] as Keras requires. */
  public GaussianNoise(double stddev) {
    this(stddev, 0);
  }

  /** With a fixed seed for the noise (0 means unseeded). */
  public GaussianNoise(double stddev, long seed) {
    super("stddev", stddev, seed);
    if (!(stddev >= 0 && stddev <= 1)) {
      throw new IllegalArgumentException("Invalid value received for argument `stddev` of GaussianNoise layer \""
          + name() + "\": expected a float value between 0 and 1, got stddev=" + stddev);
    }
  }

  public double stddev() {
    return amount();
  }

  @Override
  KerasTensor noisy(KerasTensor inputs, long seed) {
    return Ops.add(inputs, Ops.randomNormal(Ops.shape(inputs), 0, stddev(), inputs.dtype(), seed));
  }

  public static GaussianNoise fromConfig(Config config) {
    return new GaussianNoise(amountOf(config, "GaussianNoise", "stddev", "[0, 1]"), config.getLong("seed", 0));
  }
}
