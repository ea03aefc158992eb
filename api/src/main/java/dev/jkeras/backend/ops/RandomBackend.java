package dev.jkeras.backend.ops;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.RandomDistribution;

/** The random draws a backend makes (Keras's {@code backend/random}); {@code seed} 0 means unseeded. */
public interface RandomBackend {

  /** Unit random values ({@code [0, 1)} or standard normal) of the dynamic {@code shape} (a 1-D int tensor). */
  KerasTensor random(RandomDistribution distribution, KerasTensor shape, DType dtype, long seed);

  /** {@code x} with its first dimension randomly permuted. */
  KerasTensor shuffle(KerasTensor x, long seed);
}
