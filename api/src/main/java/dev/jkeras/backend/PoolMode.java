package dev.jkeras.backend;

/** What a pooling window computes. */
public enum PoolMode {
  /** The largest value in the window. */
  MAX,
  /** The mean of the window's values (padding excluded, as TensorFlow's {@code AvgPool}). */
  AVERAGE
}
