package dev.jkeras.initializers;

/** The LeCun normal initializer: VarianceScaling(scale=1.0, mode=fan_in, distribution=truncated_normal). */
public final class LecunNormal extends VarianceScaling {
  public LecunNormal() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public LecunNormal(long seed) {
    super(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL, seed);
  }
}
