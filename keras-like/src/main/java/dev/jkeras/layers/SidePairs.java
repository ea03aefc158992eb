package dev.jkeras.layers;

import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ((before, after), ...)} amounts per spatial axis of the cropping and zero-padding layers: standardized
 * from one value, one value per axis or one pair per axis, read from a config in any of those forms, saved as Keras
 * saves them (a list of pairs).
 */
final class SidePairs {
  private static final String[] ORDINALS = {"1st", "2nd", "3rd"};

  private SidePairs() {}

  /** One {@code (before, after)} pair per axis; each entry may be a single value, used on both sides. */
  static int[][] of(String layer, String argument, int rank, int[][] pairs) {
    if (pairs == null || pairs.length != rank) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": `" + argument + "` should have " + rank
          + " elements, one (before, after) pair per spatial axis, got "
          + (pairs == null ? "null" : Arrays.deepToString(pairs)));
    }
    int[][] result = new int[rank][];
    for (int i = 0; i < rank; i++) {
      if (pairs[i] == null) {
        throw new IllegalArgumentException("Layer \"" + layer + "\": `" + argument + "` has no entry for axis " + i);
      }
      result[i] = ConvArguments.tuple(layer, ORDINALS[i] + " entry of " + argument, 2, true, pairs[i]);
    }
    return result;
  }

  /** The same amount on both sides of every axis. */
  static int[][] uniform(int rank, int value) {
    int[][] pairs = new int[rank][];
    for (int i = 0; i < rank; i++) {
      pairs[i] = new int[] {value, value};
    }
    return pairs;
  }

  /** {@code values[i]} on both sides of axis {@code i}. */
  static int[][] symmetric(int... values) {
    int[][] pairs = new int[values.length][];
    for (int i = 0; i < values.length; i++) {
      pairs[i] = new int[] {values[i], values[i]};
    }
    return pairs;
  }

  /** The pairs a config holds under {@code key}: an integer, a list of integers or a list of pairs; null if absent. */
  static int[][] fromConfig(Config config, String key, int rank, String className) {
    Object saved = config.get(key);
    if (saved == null) {
      return null;
    }
    if (saved instanceof Number) {
      return uniform(rank, config.getInt(key, 0));
    }
    if (saved instanceof List<?> entries && entries.size() == rank) {
      int[][] pairs = new int[rank][];
      for (int i = 0; i < rank; i++) {
        Object entry = entries.get(i);
        Config one = new Config(className, java.util.Map.of(key, entry == null ? List.of() : entry));
        pairs[i] = entry instanceof Number ? new int[] {one.getInt(key, 0)} : one.getIntArray(key);
      }
      return pairs;
    }
    throw new IllegalArgumentException("The saved config of " + className + " has " + key + " " + saved
        + ", expected an integer, " + rank + " integers or " + rank + " (before, after) pairs");
  }

  /** Keras's saved form: a list of pairs. */
  static List<List<Integer>> list(int[][] pairs) {
    return Arrays.stream(pairs).map(ConvArguments::list).toList();
  }
}
