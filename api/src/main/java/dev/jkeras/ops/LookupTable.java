package dev.jkeras.ops;

import dev.jkeras.DType;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * An immutable table from string or integer keys to int64 values, looked up by {@link
 * StringOps#lookup} as TensorFlow's {@code StaticHashTable}. It is held as constants sorted by a
 * probe (the key itself, or a string's 63-bit FarmHash fingerprint), so a lookup is a binary search
 * plus an exact comparison with the key found: stateless, so it runs the same eagerly, in a model's
 * graph and in an exported SavedModel, from any number of threads, with nothing to initialize.
 */
public final class LookupTable {
  private final DType keyDtype;
  private final LongNdArray probes;
  private final NdArray<?> keys;
  private final LongNdArray values;
  private final int size;

  private LookupTable(DType keyDtype, LongNdArray probes, NdArray<?> keys, LongNdArray values, int size) {
    this.keyDtype = keyDtype;
    this.probes = probes;
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  /** {@code keys.get(i)} maps to {@code values[i]}; the keys must be distinct. */
  @SuppressWarnings("unchecked")
  public static LookupTable ofStrings(List<String> keys, long[] values) {
    check(keys.size(), values);
    if (keys.isEmpty()) {
      return new LookupTable(DType.STRING, NdArrays.vectorOf(new long[0]), NdArrays.ofObjects(String.class,
          Shape.of(0)), NdArrays.vectorOf(new long[0]), 0);
    }
    NdArray<String> given = NdArrays.vectorOfObjects(keys.toArray(new String[0]));
    long[] fingerprints = new long[keys.size()];
    NdArray<?> hashed = StringOps.toHashBucketFast(given, Long.MAX_VALUE);
    for (int i = 0; i < fingerprints.length; i++) {
      fingerprints[i] = ((Number) hashed.getObject(i)).longValue();
    }
    Map<Long, String> seen = new HashMap<>();
    for (int i = 0; i < fingerprints.length; i++) {
      String earlier = seen.put(fingerprints[i], keys.get(i));
      if (earlier != null) {
        throw new IllegalArgumentException(earlier.equals(keys.get(i))
            ? "A lookup table's keys must be distinct; '" + earlier + "' is given twice"
            : "The keys '" + earlier + "' and '" + keys.get(i) + "' have the same 63-bit fingerprint; "
                + "this table cannot hold both");
      }
    }
    int[] order = sortedOrder(fingerprints);
    String[] sortedKeys = IntStream.of(order).mapToObj(keys::get).toArray(String[]::new);
    return new LookupTable(DType.STRING, NdArrays.vectorOf(IntStream.of(order).mapToLong(i -> fingerprints[i]).toArray()),
        NdArrays.vectorOfObjects(sortedKeys), NdArrays.vectorOf(IntStream.of(order).mapToLong(i -> values[i]).toArray()),
        keys.size());
  }

  /** {@code keys[i]} maps to {@code values[i]}; the keys must be distinct. */
  public static LookupTable ofLongs(long[] keys, long[] values) {
    check(keys.length, values);
    int[] order = sortedOrder(keys);
    for (int i = 1; i < order.length; i++) {
      if (keys[order[i]] == keys[order[i - 1]]) {
        throw new IllegalArgumentException("A lookup table's keys must be distinct; " + keys[order[i]]
            + " is given twice");
      }
    }
    LongNdArray sorted = NdArrays.vectorOf(IntStream.of(order).mapToLong(i -> keys[i]).toArray());
    return new LookupTable(DType.INT64, sorted, sorted,
        NdArrays.vectorOf(IntStream.of(order).mapToLong(i -> values[i]).toArray()), keys.length);
  }

  private static void check(int keyCount, long[] values) {
    if (keyCount != values.length) {
      throw new IllegalArgumentException("A lookup table needs one value per key, got " + keyCount + " keys and "
          + values.length + " values");
    }
  }

  private static int[] sortedOrder(long[] probes) {
    return IntStream.range(0, probes.length).boxed().sorted(Comparator.comparingLong(i -> probes[i]))
        .mapToInt(Integer::intValue).toArray();
  }

  /** {@code STRING} or {@code INT64}. */
  public DType keyDtype() {
    return keyDtype;
  }

  public int size() {
    return size;
  }

  LongNdArray probes() {
    return probes;
  }

  NdArray<?> keys() {
    return keys;
  }

  LongNdArray values() {
    return values;
  }

  @Override
  public String toString() {
    return "LookupTable(" + size + " " + keyDtype + " keys)";
  }

}
