package dev.jkeras.layers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code adapt} learns from batches of documents (each a list of tokens): how often each token
 * occurs, in how many documents, and how many documents there were. Batches arrive one at a time
 * ({@link #update}), so data larger than memory can stream through; {@link #vocabulary} ranks the
 * tokens as Keras's {@code IndexLookup.finalize_state} does.
 */
final class VocabularyCounts {
  private final Map<Object, long[]> counts = new HashMap<>();
  private long documents;

  /** Adds one batch of documents. */
  void update(List<? extends List<?>> batch) {
    for (List<?> document : batch) {
      for (Object token : new HashSet<>(document)) {
        counts.computeIfAbsent(token, t -> new long[2])[1]++;
      }
      for (Object token : document) {
        counts.get(token)[0]++;
      }
      documents++;
    }
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  long documents() {
    return documents;
  }

  /** How many documents hold {@code token}. */
  long documentCount(Object token) {
    long[] count = counts.get(token);
    return count == null ? 0 : count[1];
  }

  /**
   * The tokens seen, but {@code excluded}, most frequent first, ties broken by the larger token
   * (strings by their UTF-8 bytes), at most {@code limit} of them (all when negative).
   */
  List<Object> vocabulary(List<?> excluded, int limit) {
    List<Object> tokens = new ArrayList<>();
    for (Object token : counts.keySet()) {
      if (excluded.stream().noneMatch(e -> Objects.equals(e, token))) {
        tokens.add(token);
      }
    }
    Comparator<Object> byCount = Comparator.comparingLong(t -> counts.get(t)[0]);
    tokens.sort(byCount.thenComparing(VocabularyCounts::compareTokens).reversed());
    return limit >= 0 && tokens.size() > limit ? new ArrayList<>(tokens.subList(0, limit)) : tokens;
  }

  private static int compareTokens(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
  }

  /** UTF-8 byte order is code point order (Java's {@code compareTo} orders UTF-16 units). */
  private static int compareCodePoints(String x, String y) {
    int[] a = x.codePoints().toArray();
    int[] b = y.codePoints().toArray();
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return Integer.compare(a.length, b.length);
  }
}
