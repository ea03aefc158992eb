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

  /** A {@code Feature} proto read back; packed and unpacked lists are both accepted. */
  static Feature decode(ProtoReader in, String name) {
    Feature feature = null;
    while (in.hasMore()) {
      int tag = in.tag();
      int field = tag >>> 3;
      if (field >= 1 && field <= 3 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
        feature = decodeList(in.message(), field);
      } else {
        in.skip(tag & 7);
      }
    }
    if (feature == null) {
      throw new IllegalArgumentException("Feature '" + name + "' holds no bytes, float or int64 list");
    }
    return feature;
  }

  private static Feature decodeList(ProtoReader list, int kind) {
    List<byte[]> bytes = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream floatBits = new java.io.ByteArrayOutputStream();
    List<Long> longs = new java.util.ArrayList<>();
    int floatCount = 0;
    while (list.hasMore()) {
      int tag = list.tag();
      int wire = tag & 7;
      if ((tag >>> 3) != 1) {
        list.skip(wire);
        continue;
      }
      if (kind == 1 && wire == ProtoReader.LENGTH_DELIMITED) {
        bytes.add(list.bytesField());
      } else if (kind == 2 && wire == ProtoReader.FIXED32) {
        floatBits.writeBytes(floatBytes(list.fixed32Float()));
        floatCount++;
      } else if (kind == 2 && wire == ProtoReader.LENGTH_DELIMITED) {
        ProtoReader packed = list.message();
        while (packed.hasMore()) {
          floatBits.writeBytes(floatBytes(packed.fixed32Float()));
          floatCount++;
        }
      } else if (kind == 3 && wire == ProtoReader.VARINT) {
        longs.add(list.varint());
      } else if (kind == 3 && wire == ProtoReader.LENGTH_DELIMITED) {
        ProtoReader packed = list.message();
        while (packed.hasMore()) {
          longs.add(packed.varint());
        }
      } else {
        throw list.malformed("a value of wire type " + wire + " in a " + (kind == 1 ? "bytes" : kind == 2 ? "float"
            : "int64") + " list");
      }
    }
    return switch (kind) {
      case 1 -> new Feature(Kind.BYTES, List.copyOf(bytes), null, null);
      case 2 -> {
        float[] floats = new float[floatCount];
        java.nio.ByteBuffer.wrap(floatBits.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
            .get(floats);
        yield new Feature(Kind.FLOAT, null, floats, null);
      }
      default -> new Feature(Kind.INT64, null, null, longs.stream().mapToLong(Long::longValue).toArray());
    };
  }

  private static byte[] floatBytes(float v) {
    return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
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
