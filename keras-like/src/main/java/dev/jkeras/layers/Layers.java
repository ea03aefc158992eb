package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Serialization;
import java.util.List;
import java.util.Map;

/** Keras's functional merge helpers: {@code Layers.concatenate(inputA, hidden2)}. */
public final class Layers {
  private Layers() {}

  /** Joins tensors along the last axis. */
  public static KerasTensor concatenate(KerasTensor... inputs) {
    return new Concatenate().apply(List.of(inputs));
  }

  public static KerasTensor concatenate(List<KerasTensor> inputs, int axis) {
    return new Concatenate(axis).apply(inputs);
  }

  public static KerasTensor add(KerasTensor... inputs) {
    return new Add().apply(List.of(inputs));
  }

  public static KerasTensor subtract(KerasTensor a, KerasTensor b) {
    return new Subtract().apply(List.of(a, b));
  }

  public static KerasTensor multiply(KerasTensor... inputs) {
    return new Multiply().apply(List.of(inputs));
  }

  public static KerasTensor average(KerasTensor... inputs) {
    return new Average().apply(List.of(inputs));
  }

  public static KerasTensor maximum(KerasTensor... inputs) {
    return new Maximum().apply(List.of(inputs));
  }

  public static KerasTensor minimum(KerasTensor... inputs) {
    return new Minimum().apply(List.of(inputs));
  }

  // ---- dot (issue 17: layers)

  /** The sample-wise dot product of {@code a} and {@code b} along {@code axes}, as {@code keras.layers.dot}. */
  public static KerasTensor dot(KerasTensor a, KerasTensor b, int axes) {
    return new Dot(axes).apply(List.of(a, b));
  }

  /** A layer as a Functional or Sequential config lists it: serialized, with its build shape once built. */
  public static Map<String, Object> serialize(Layer layer) {
    Map<String, Object> serialized = Serialization.serialize(layer);
    if (layer.isBuilt() && !(layer instanceof InputLayer)) {
      serialized.put("build_config", layer.buildConfig());
    }
    return serialized;
  }

  /** Rebuilds a saved layer (or model) with its name and trainable flag, as {@code keras.layers.deserialize}. */
  @SuppressWarnings("unchecked")
  public static Layer deserialize(Object saved) {
    if (!(saved instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("Expected a saved layer (a dictionary), got " + saved);
    }
    Layer layer = Serialization.deserialize((Map<String, ?>) map, Layer.class);
    Object config = map.get("config");
    if (config instanceof Map<?, ?> values) {
      layer.applyBaseConfig(new Config(layer.getClass().getSimpleName(), (Map<String, ?>) values));
    }
    return layer;
  }
}
