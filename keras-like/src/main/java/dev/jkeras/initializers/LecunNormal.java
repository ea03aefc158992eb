package dev.jkeras.initializers;

import dev.jkeras.saving.Config;

/** The LeCun normal initializer: VarianceScaling(scale=1.0, mode=fan_in, distribution=truncated_normal). */
public final class LecunNormal extends VarianceScaling {
  public LecunNormal() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public LecunNormal(long seed) {
    super(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed);
  }

  /** With a seed (0: unseeded) and Keras's {@code input_axes} and {@code output_axes} (null: default fans). */
  public LecunNormal(long seed, int[] inputAxes, int[] outputAxes) {
    super(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed, inputAxes, outputAxes);
  }

  /** Rebuilds it from Keras's config ({@code seed}, {@code input_axes}, {@code output_axes}). */
  public static LecunNormal fromConfig(Config config) {
    return new LecunNormal(config.getLong("seed", 0), axes(config, "input_axes"), axes(config, "output_axes"));
  }
}
