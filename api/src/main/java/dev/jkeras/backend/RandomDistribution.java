package dev.jkeras.backend;

/** The standard distributions random tensors are drawn from; {@code Ops} scales and shifts them. */
public enum RandomDistribution {
  /** Uniform on [0, 1). */
  UNIFORM,
  /** Normal with mean 0 and standard deviation 1. */
  NORMAL,
  /** Normal(0, 1) with values beyond two standard deviations redrawn. */
  TRUNCATED_NORMAL
}
