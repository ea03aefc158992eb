package dev.jkeras.initializers;

/** The He uniform initializer: VarianceScaling(scale=2.0, mode=fan_in, distribution=uniform). */
public final class HeUniform extends VarianceScaling {
  public HeUniform() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public HeUniform(long seed) {
    super(2.0, Mode.FAN_IN, Distribution.UNIFORM, seed);
  }
}
