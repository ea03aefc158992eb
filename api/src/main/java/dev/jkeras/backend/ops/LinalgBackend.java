package dev.jkeras.backend.ops;

import dev.jkeras.KerasTensor;
import java.util.List;

/** The matrix decompositions a backend runs (Keras's {@code backend/linalg}). */
public interface LinalgBackend {

  /** The reduced QR decomposition of a matrix: {@code [q, r]}. */
  List<KerasTensor> qr(KerasTensor x);
}
