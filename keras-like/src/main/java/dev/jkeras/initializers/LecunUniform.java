package dev.jkeras.initializers;

/** The LeCun uniform initializer: VarianceScaling(scale=1.0, mode=fan_in, distribution=uniform). */
public final class LecunUniform extends VarianceScaling {
  public LecunUniform() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public LecunUniform(long seed) {
    super(1.0, Mode.FAN_IN, Distribution.UNIFORM, seed);
  }
}
