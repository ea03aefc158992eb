package dev.jkeras.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code tf.train.Example}: named features, each a list of byte strings, floats or int64s. Build
 * one, serialize it with {@link #toByteArray()} (the proto's wire format, read by TensorFlow's {@code
 * tf.io.parse_example} and by {@link dev.jkeras.ops.IoOps#parseExample}), and write it to a TFRecord
 * file with {@link TFRecordWriter}. Immutable.
 *
 * <pre>{@code
 * Example example = Example.builder()
 *     .bytes("image", png)
 *     .floats("bbox", 0.1f, 0.2f, 0.5f, 0.9f)
 *     .int64s("label", 3)
 *     .build();
 * }</pre>
 */
public final class Example {
  private final Map<String, Feature> features;

  private Example(Map<String, Feature> features) {
    this.features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The features by name, in the order they were added. */
  public Map<String, Feature> features() {
    return features;
  }

  /** The feature {@code name}. */
  public Feature feature(String name) {
    Feature feature = features.get(name);
    if (feature == null) {
      throw new IllegalArgumentException("This Example has no feature '" + name + "'; it has " + features.keySet());
    }
    return feature;
  }

  /** The serialized {@code tf.train.Example} proto. */
  public byte[] toByteArray() {
    ProtoWriter example = new ProtoWriter();
    example.messageField(1, encodeFeatures(features));
    return example.toByteArray();
  }

  /**
   * An Example read back from its serialized proto (e.g. a record of a TFRecord file).
   *
   * @throws IllegalArgumentException if the bytes are not a valid serialized Example
   */
  public static Example parseFrom(byte[] serialized) {
    java.util.Objects.requireNonNull(serialized, "serialized");
    ProtoReader in = new ProtoReader(serialized);
    Map<String, Feature> features = new LinkedHashMap<>();
    while (in.hasMore()) {
      int tag = in.tag();
      if (tag == (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
        features.putAll(decodeFeatures(in.message()));
      } else {
        in.skip(tag & 7);
      }
    }
    return new Example(features);
  }

  /** A {@code Features} proto read back: its map entries, a later entry for a name replacing an earlier one. */
  static Map<String, Feature> decodeFeatures(ProtoReader in) {
    Map<String, Feature> features = new LinkedHashMap<>();
    while (in.hasMore()) {
      int tag = in.tag();
      if (tag != (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
        in.skip(tag & 7);
        continue;
      }
      ProtoReader entry = in.message();
      String name = "";
      ProtoReader value = null;
      while (entry.hasMore()) {
        int entryTag = entry.tag();
        if (entryTag == (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
          name = new String(entry.bytesField(), java.nio.charset.StandardCharsets.UTF_8);
        } else if (entryTag == (2 << 3 | ProtoReader.LENGTH_DELIMITED)) {
          value = entry.message();
        } else {
          entry.skip(entryTag & 7);
        }
      }
      if (value == null) {
        throw new IllegalArgumentException("Feature '" + name + "' has no value in the serialized proto");
      }
      features.put(name, Feature.decode(value, name));
    }
    return features;
  }

  /** A {@code Features} proto: a map of name to {@code Feature}, one entry message per feature. */
  static ProtoWriter encodeFeatures(Map<String, Feature> features) {
    ProtoWriter message = new ProtoWriter();
    features.forEach((name, feature) -> {
      ProtoWriter entry = new ProtoWriter();
      entry.stringField(1, name);
      entry.messageField(2, feature.encode());
      message.messageField(1, entry);
    });
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Example e && e.features.equals(features);
  }

  @Override
  public int hashCode() {
    return features.hashCode();
  }

  @Override
  public String toString() {
    return "Example" + features;
  }

  /** Builds an {@link Example}; a name added twice keeps the last value. */
  public static final class Builder {
    private final Map<String, Feature> features = new LinkedHashMap<>();

    private Builder() {}

    /** Adds the feature {@code name}. */
    public Builder feature(String name, Feature feature) {
      features.put(checkName(name), Objects.requireNonNull(feature, "feature"));
      return this;
    }

    /** Adds a {@code bytes_list} feature. */
    public Builder bytes(String name, byte[]... values) {
      return feature(name, Feature.bytes(values));
    }

    /** Adds a {@code bytes_list} feature of UTF-8 strings. */
    public Builder strings(String name, String... values) {
      return feature(name, Feature.strings(values));
    }

    /** Adds a {@code float_list} feature. */
    public Builder floats(String name, float... values) {
      return feature(name, Feature.floats(values));
    }

    /** Adds an {@code int64_list} feature. */
    public Builder int64s(String name, long... values) {
      return feature(name, Feature.int64s(values));
    }

    public Example build() {
      return new Example(features);
    }
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "feature name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A feature name must not be empty");
    }
    return name;
  }
}
