package dev.jkeras.initializers;

import dev.jkeras.saving.Config;

/** The Glorot (Xavier) normal initializer: VarianceScaling(scale=1.0, mode=fan_avg, distribution=truncated_normal). */
public final class GlorotNormal extends VarianceScaling {
  public GlorotNormal() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public GlorotNormal(long seed) {
    super(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, seed);
  }

  /** With a seed (0: unseeded) and Keras's {@code input_axes} and {@code output_axes} (null: default fans). */
  public GlorotNormal(long seed, int[] inputAxes, int[] outputAxes) {
    super(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, seed, inputAxes, outputAxes);
  }

  /** Rebuilds it from Keras's config ({@code seed}, {@code input_axes}, {@code output_axes}). */
  public static GlorotNormal fromConfig(Config config) {
    return new GlorotNormal(config.getLong("seed", 0), axes(config, "input_axes"), axes(config, "output_axes"));
  }
}
