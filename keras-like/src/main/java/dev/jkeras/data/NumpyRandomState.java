package dev.jkeras.data;

import java.util.List;

/**
 * The part of numpy's legacy {@code np.random.RandomState(seed)} that Keras's dataset utilities use:
 * the MT19937 generator seeded from an integer, and {@code shuffle} (Fisher-Yates drawing each index
 * with numpy's masked rejection sampling), so that a seed orders files and windows exactly as Keras does.
 */
final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] state = new int[N];
  private int position;

  NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("Seed must be between 0 and 2**32 - 1, got " + seed);
    }
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
    }
    position = N;
  }

  /** The next 32 random bits ({@code genrand_int32}), as an unsigned value. */
  long nextUint32() {
    if (position >= N) {
      regenerate();
    }
    int y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return Integer.toUnsignedLong(y);
  }

  private void regenerate() {
    for (int i = 0; i < N; i++) {
      int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
      state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    position = 0;
  }

  /** A uniform integer in {@code [0, max]} ({@code random_interval}); {@code max} fits in 32 bits here. */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    for (int shift = 1; shift <= 16; shift <<= 1) {
      mask |= mask >>> shift;
    }
    long value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return value;
  }

  /** Shuffles {@code items} in place, as {@code RandomState.shuffle} does a list or a 1-D array. */
  <T> void shuffle(List<T> items) {
    for (int i = items.size() - 1; i >= 1; i--) {
      int j = (int) interval(i);
      T tmp = items.get(i);
      items.set(i, items.get(j));
      items.set(j, tmp);
    }
  }

  /** Shuffles {@code items} in place, as {@link #shuffle(List)}. */
  void shuffle(int[] items) {
    for (int i = items.length - 1; i >= 1; i--) {
      int j = (int) interval(i);
      int tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  }
}
