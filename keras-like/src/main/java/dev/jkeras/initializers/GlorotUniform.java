package dev.jkeras.initializers;

import dev.jkeras.saving.Config;

/** The Glorot (Xavier) uniform initializer: VarianceScaling(scale=1.0, mode=fan_avg, distribution=uniform). */
public final class GlorotUniform extends VarianceScaling {
  public GlorotUniform() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public GlorotUniform(long seed) {
    super(1.0, Mode.FAN_AVG, Distribution.UNIFORM, seed);
  }

  /** With a seed (0: unseeded) and Keras's {@code input_axes} and {@code output_axes} (null: default fans). */
  public GlorotUniform(long seed, int[] inputAxes, int[] outputAxes) {
    super(1.0, Mode.FAN_AVG, Distribution.UNIFORM, seed, inputAxes, outputAxes);
  }

  /** Rebuilds it from Keras's config ({@code seed}, {@code input_axes}, {@code output_axes}). */
  public static GlorotUniform fromConfig(Config config) {
    return new GlorotUniform(config.getLong("seed", 0), axes(config, "input_axes"), axes(config, "output_axes"));
  }
}
