package dev.jkeras.initializers;

/** The Glorot (Xavier) uniform initializer: VarianceScaling(scale=1.0, mode=fan_avg, distribution=uniform). */
public final class GlorotUniform extends VarianceScaling {
  public GlorotUniform() {
    this(0);
  }

  /** With a fixed {@code seed} (0 means unseeded). */
  public GlorotUniform(long seed) {
    super(1.0, Mode.FAN_AVG, Distribution.UNIFORM, seed);
  }
}
