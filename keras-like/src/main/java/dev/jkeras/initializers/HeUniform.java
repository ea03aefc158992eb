package dev.jkeras.initializers;

import dev.jkeras.saving.Config;

/** The He uniform initializer: VarianceScaling(scale=2.0, mode=fan_in, distribution=uniform). */
public final class HeUniform extends VarianceScaling {
  public HeUniform() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public HeUniform(long seed) {
    super(2.0, Mode.FAN_IN, Distribution.UNIFORM, seed);
  }

  /** With a seed (0: unseeded) and Keras's {@code input_axes} and {@code output_axes} (null: default fans). */
  public HeUniform(long seed, int[] inputAxes, int[] outputAxes) {
    super(2.0, Mode.FAN_IN, Distribution.UNIFORM, seed, inputAxes, outputAxes);
  }

  /** Rebuilds it from Keras's config ({@code seed}, {@code input_axes}, {@code output_axes}). */
  public static HeUniform fromConfig(Config config) {
    return new HeUniform(config.getLong("seed", 0), axes(config, "input_axes"), axes(config, "output_axes"));
  }
}
