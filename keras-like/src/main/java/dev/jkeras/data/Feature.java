package dev.jkeras.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One feature of a {@code tf.train.Example}: a list of byte strings, of floats or of int64s, as the
 * {@code Feature} proto's {@code bytes_list}, {@code float_list} and {@code int64_list}. Immutable.
 */
public final class Feature {
  /** Which list a feature holds. */
  public enum Kind {
    BYTES, FLOAT, INT64
  }

  private final Kind kind;
  private final List<byte[]> bytes;
  private final float[] floats;
  private final long[] int64s;

  private Feature(Kind kind, List<byte[]> bytes, float[] floats, long[] int64s) {
    this.kind = kind;
    this.bytes = bytes;
    this.floats = floats;
    this.int64s = int64s;
  }

  /** A {@code bytes_list} of the given byte strings. */
  public static Feature bytes(byte[]... values) {
    Objects.requireNonNull(values, "values");
    return new Feature(Kind.BYTES, Arrays.stream(values).map(v -> Objects.requireNonNull(v, "value").clone()).toList(),
        null, null);
  }

  /** A {@code bytes_list} of the given strings, encoded as UTF-8. */
  public static Feature strings(String... values) {
    Objects.requireNonNull(values, "values");
    return new Feature(Kind.BYTES, Arrays.stream(values)
        .map(v -> Objects.requireNonNull(v, "value").getBytes(StandardCharsets.UTF_8)).toList(), null, null);
  }

  /** A {@code float_list}. */
  public static Feature floats(float... values) {
    return new Feature(Kind.FLOAT, null, Objects.requireNonNull(values, "values").clone(), null);
  }

  /** An {@code int64_list}. */
  public static Feature int64s(long... values) {
    return new Feature(Kind.INT64, null, null, Objects.requireNonNull(values, "values").clone());
  }

  public Kind kind() {
    return kind;
  }

  /** The byte strings of a {@link Kind#BYTES} feature. */
  public List<byte[]> bytesValues() {
    require(Kind.BYTES);
    return bytes.stream().map(byte[]::clone).toList();
  }

  /** The floats of a {@link Kind#FLOAT} feature. */
  public float[] floatValues() {
    require(Kind.FLOAT);
    return floats.clone();
  }

  /** The int64s of an {@link Kind#INT64} feature. */
  public long[] int64Values() {
    require(Kind.INT64);
    return int64s.clone();
  }

  /** How many values the feature holds. */
  public int size() {
    return switch (kind) {
      case BYTES -> bytes.size();
      case FLOAT -> floats.length;
      case INT64 -> int64s.length;
    };
  }

  private void require(Kind wanted) {
    if (kind != wanted) {
      throw new IllegalStateException("This feature holds a " + kind.name().toLowerCase() + " list, not a "
          + wanted.name().toLowerCase() + " list");
    }
  }

  /** The {@code Feature} proto's bytes. */
  ProtoWriter encode() {
    ProtoWriter list = new ProtoWriter();
    ProtoWriter feature = new ProtoWriter();
    switch (kind) {
      case BYTES -> {
        bytes.forEach(b -> list.bytesField(1, b));
        feature.messageField(1, list);
      }
      case FLOAT -> {
        list.packedFloats(1, floats);
        feature.messageField(2, list);
      }
      case INT64 -> {
        list.packedInt64s(1, int64s);
        feature.messageField(3, list);
      }
    }
    return feature;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Feature f) || f.kind != kind) {
      return false;
    }
    return switch (kind) {
      case BYTES -> bytes.size() == f.bytes.size()
          && java.util.stream.IntStream.range(0, bytes.size()).allMatch(i -> Arrays.equals(bytes.get(i), f.bytes.get(i)));
      case FLOAT -> Arrays.equals(floats, f.floats);
      case INT64 -> Arrays.equals(int64s, f.int64s);
    };
  }

  @Override
  public int hashCode() {
    return switch (kind) {
      case BYTES -> bytes.stream().mapToInt(Arrays::hashCode).reduce(17, (a, b) -> 31 * a + b);
      case FLOAT -> Arrays.hashCode(floats);
      case INT64 -> Arrays.hashCode(int64s);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case BYTES -> "bytes_list" + bytes.stream().map(b -> "b'" + new String(b, StandardCharsets.UTF_8) + "'")
          .collect(Collectors.joining(", ", "[", "]"));
      case FLOAT -> "float_list" + Arrays.toString(floats);
      case INT64 -> "int64_list" + Arrays.toString(int64s);
    };
  }
}
