package dev.jkeras.initializers;

import dev.jkeras.saving.Config;

/** The He normal initializer: VarianceScaling(scale=2.0, mode=fan_in, distribution=truncated_normal). */
public final class HeNormal extends VarianceScaling {
  public HeNormal() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public HeNormal(long seed) {
    super(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed);
  }

  /** With a seed (0: unseeded) and Keras's {@code input_axes} and {@code output_axes} (null: default fans). */
  public HeNormal(long seed, int[] inputAxes, int[] outputAxes) {
    super(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, inputAxes, outputAxes);
  }

  /** Rebuilds it from Keras's config ({@code seed}, {@code input_axes}, {@code output_axes}). */
  public static HeNormal fromConfig(Config config) {
    return new HeNormal(config.getLong("seed", 0), axes(config, "input_axes"), axes(config, "output_axes"));
  }
}
