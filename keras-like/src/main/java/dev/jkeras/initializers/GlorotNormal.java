package dev.jkeras.initializers;

/** The Glorot (Xavier) normal initializer: VarianceScaling(scale=1.0, mode=fan_avg, distribution=truncated_normal). */
public final class GlorotNormal extends VarianceScaling {
  public GlorotNormal() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public GlorotNormal(long seed) {
    super(1.0, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL, seed);
  }
}
