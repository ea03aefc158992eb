package dev.jkeras.backend;

/**
 * The global random seed, as Keras's {@code keras.utils.set_random_seed} sets it. Once set, every
 * random op created without a seed of its own (weight initializers, dropout masks, shuffles) takes
 * the next seed of a fixed sequence, so a program that builds and trains the same models in the
 * same order draws the same numbers on every run. Without a global seed such ops stay unseeded.
 */
public final class RandomSeeds {
  private static long globalSeed;
  private static boolean set;
  private static long counter;

  private RandomSeeds() {}

  /** Sets the global seed and restarts the sequence of op seeds drawn from it. */
  public static synchronized void setGlobalSeed(long seed) {
    globalSeed = seed;
    set = true;
    counter = 0;
  }

  /** Forgets the global seed: ops without a seed of their own are unseeded again. */
  public static synchronized void clearGlobalSeed() {
    set = false;
    counter = 0;
  }

  /** Whether a global seed is set. */
  public static synchronized boolean isSet() {
    return set;
  }

  /**
   * {@code seed} when it is non-zero (an op's own seed); otherwise the next seed of the global
   * sequence, or 0 (unseeded) when no global seed is set.
   */
  public static synchronized long resolve(long seed) {
    if (seed != 0 || !set) {
      return seed;
    }
    long next = mix(globalSeed + 0x9E3779B97F4A7C15L * ++counter);
    // Only the low 31 bits are kept so the seed fits every backend's seed type; 0 means unseeded.
    long positive = next & 0x7FFFFFFFL;
    return positive == 0 ? 1 : positive;
  }

  /** SplitMix64's finalizer: spreads consecutive inputs over the whole range. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
