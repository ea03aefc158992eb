package dev.jkeras.backend.ops;

import dev.jkeras.KerasTensor;

/** The special functions a backend runs as kernels (Keras's {@code backend/math}). */
public interface MathBackend {

  /** The Gauss error function of floating {@code x}, element-wise. */
  KerasTensor erf(KerasTensor x);
}
