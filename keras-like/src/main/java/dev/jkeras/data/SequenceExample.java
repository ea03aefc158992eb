package dev.jkeras.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code tf.train.SequenceExample}: context features (one value list each, as an {@link Example}'s)
 * and feature lists (a list of features per name, one per time step). Serialized by {@link
 * #toByteArray()}; parsed by {@link dev.jkeras.ops.IoOps#parseSingleSequenceExample}. Immutable.
 *
 * <pre>{@code
 * SequenceExample example = SequenceExample.builder()
 *     .context("length", Feature.int64s(3))
 *     .featureList("tokens", List.of(Feature.int64s(4), Feature.int64s(8), Feature.int64s(15)))
 *     .build();
 * }</pre>
 */
public final class SequenceExample {
  private final Map<String, Feature> context;
  private final Map<String, List<Feature>> featureLists;

  private SequenceExample(Map<String, Feature> context, Map<String, List<Feature>> featureLists) {
    this.context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    this.featureLists = Collections.unmodifiableMap(new LinkedHashMap<>(featureLists));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The context features by name. */
  public Map<String, Feature> context() {
    return context;
  }

  /** The feature lists by name, each one feature per step. */
  public Map<String, List<Feature>> featureLists() {
    return featureLists;
  }

  /** The serialized {@code tf.train.SequenceExample} proto. */
  public byte[] toByteArray() {
    ProtoWriter message = new ProtoWriter();
    message.messageField(1, Example.encodeFeatures(context));
    ProtoWriter lists = new ProtoWriter();
    featureLists.forEach((name, steps) -> {
      ProtoWriter list = new ProtoWriter();
      steps.forEach(step -> list.messageField(1, step.encode()));
      ProtoWriter entry = new ProtoWriter();
      entry.stringField(1, name);
      entry.messageField(2, list);
      lists.messageField(1, entry);
    });
    message.messageField(2, lists);
    return message.toByteArray();
  }

  /**
   * A SequenceExample read back from its serialized proto.
   *
   * @throws IllegalArgumentException if the bytes are not a valid serialized SequenceExample
   */
  public static SequenceExample parseFrom(byte[] serialized) {
    Objects.requireNonNull(serialized, "serialized");
    ProtoReader in = new ProtoReader(serialized);
    Map<String, Feature> context = new LinkedHashMap<>();
    Map<String, List<Feature>> lists = new LinkedHashMap<>();
    while (in.hasMore()) {
      int tag = in.tag();
      if (tag == (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
        context.putAll(Example.decodeFeatures(in.message()));
      } else if (tag == (2 << 3 | ProtoReader.LENGTH_DELIMITED)) {
        decodeFeatureLists(in.message(), lists);
      } else {
        in.skip(tag & 7);
      }
    }
    return new SequenceExample(context, lists);
  }

  private static void decodeFeatureLists(ProtoReader in, Map<String, List<Feature>> lists) {
    while (in.hasMore()) {
      int tag = in.tag();
      if (tag != (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
        in.skip(tag & 7);
        continue;
      }
      ProtoReader entry = in.message();
      String name = "";
      List<Feature> steps = new java.util.ArrayList<>();
      while (entry.hasMore()) {
        int entryTag = entry.tag();
        if (entryTag == (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
          name = new String(entry.bytesField(), java.nio.charset.StandardCharsets.UTF_8);
        } else if (entryTag == (2 << 3 | ProtoReader.LENGTH_DELIMITED)) {
          ProtoReader list = entry.message();
          while (list.hasMore()) {
            int listTag = list.tag();
            if (listTag == (1 << 3 | ProtoReader.LENGTH_DELIMITED)) {
              steps.add(Feature.decode(list.message(), name));
            } else {
              list.skip(listTag & 7);
            }
          }
        } else {
          entry.skip(entryTag & 7);
        }
      }
      lists.put(name, List.copyOf(steps));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SequenceExample e && e.context.equals(context) && e.featureLists.equals(featureLists);
  }

  @Override
  public int hashCode() {
    return Objects.hash(context, featureLists);
  }

  @Override
  public String toString() {
    return "SequenceExample{context=" + context + ", featureLists=" + featureLists + "}";
  }

  /** Builds a {@link SequenceExample}; a name added twice keeps the last value. */
  public static final class Builder {
    private final Map<String, Feature> context = new LinkedHashMap<>();
    private final Map<String, List<Feature>> featureLists = new LinkedHashMap<>();

    private Builder() {}

    /** Adds the context feature {@code name}. */
    public Builder context(String name, Feature feature) {
      context.put(Example.checkName(name), Objects.requireNonNull(feature, "feature"));
      return this;
    }

    /** Adds the feature list {@code name}: one feature per step, all of one kind. */
    public Builder featureList(String name, List<Feature> steps) {
      Objects.requireNonNull(steps, "steps");
      List<Feature> copy = List.copyOf(steps);
      if (copy.stream().map(Feature::kind).distinct().count() > 1) {
        throw new IllegalArgumentException("The steps of feature list '" + name + "' mix kinds "
            + copy.stream().map(Feature::kind).distinct().toList() + "; TensorFlow parses one kind per list");
      }
      featureLists.put(Example.checkName(name), copy);
      return this;
    }

    public SequenceExample build() {
      return new SequenceExample(context, featureLists);
    }
  }
}
