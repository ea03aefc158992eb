package dev.jkeras.initializers;

/** The He normal initializer: VarianceScaling(scale=2.0, mode=fan_in, distribution=truncated_normal). */
public final class HeNormal extends VarianceScaling {
  public HeNormal() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public HeNormal(long seed) {
    super(2.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed);
  }
}
