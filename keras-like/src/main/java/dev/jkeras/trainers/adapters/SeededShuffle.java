package dev.jkeras.trainers.adapters;

import dev.jkeras.backend.RandomSeeds;
import java.util.Random;

/**
 * The shuffle of sample orders between epochs: one random sequence per model, seeded from the global
 * seed ({@code Utils.setRandomSeed}) when there is one at the first shuffle, as Keras shuffles.
 */
public final class SeededShuffle {
  private final long fallbackSeed;
  private Random random;

  /** A shuffle seeded from the global seed, else at random. */
  public SeededShuffle() {
    this(0);
  }

  /**
   * A shuffle seeded from the global seed, else from {@code fallbackSeed} (0: at random); workers of
   * one data-parallel fit pass the same fallback, so their global batches agree.
   */
  public SeededShuffle(long fallbackSeed) {
    this.fallbackSeed = fallbackSeed;
  }

  /** Permutes {@code order} in place (Fisher-Yates). */
  public synchronized void shuffle(int[] order) {
    if (random == null) {
      long global = RandomSeeds.resolve(0);
      long seed = global != 0 ? global : fallbackSeed;
      random = seed == 0 ? new Random() : new Random(seed);
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
