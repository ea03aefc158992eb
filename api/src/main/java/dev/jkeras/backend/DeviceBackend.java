package dev.jkeras.backend;

/** The process-wide settings of a backend's kernels and devices. */
public interface DeviceBackend {

  /**
   * Makes the runtime pick deterministic kernels from now on, as Python's
   * {@code tf.config.experimental.enable_op_determinism()}: with a global seed, the same program
   * then computes bit-identical results on every run.
   */
  void enableOpDeterminism();
}
