package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.saving.Shapes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer that holds other layers and computes with them, as Keras's wrappers ({@link TimeDistributed},
 * {@link Bidirectional}): the weights, losses and constraints are those of the layers it holds, its
 * weights are saved under them by Keras's attribute names ({@code layers/time_distributed/layer/vars},
 * {@code layers/bidirectional/forward_layer/cell/vars}), and freezing the wrapper freezes them.
 */
public abstract class Wrapper extends Layer {
  /** The build config a held layer was saved with, kept while it is not built again (Keras builds it on load). */
  private final Map<Layer, Object> savedBuildConfigs = new IdentityHashMap<>();

  protected Wrapper() {}

  /** The layers held, by Keras's attribute name, in Keras's weight order. */
  public abstract Map<String, Layer> wrappedLayers();

  @Override
  public List<Variable> trainableWeights() {
    if (!trainable()) {
      return List.of();
    }
    List<Variable> all = new ArrayList<>(super.trainableWeights());
    wrappedLayers().values().forEach(l -> all.addAll(l.trainableWeights()));
    return all;
  }

  @Override
  public List<Variable> nonTrainableWeights() {
    List<Variable> all = new ArrayList<>(super.nonTrainableWeights());
    for (Layer layer : wrappedLayers().values()) {
      all.addAll(trainable() ? layer.nonTrainableWeights() : layer.weights());
    }
    return all;
  }

  /** Its own and its wrapped layers' weight changes after build. */
  @Override
  public long weightsVersion() {
    return super.weightsVersion() + wrappedLayers().values().stream().mapToLong(Layer::weightsVersion).sum();
  }

  @Override
  public long importedParams() {
    return wrappedLayers().values().stream().mapToLong(Layer::importedParams).sum();
  }

  @Override
  public List<KerasTensor> losses() {
    List<KerasTensor> all = new ArrayList<>(super.losses());
    wrappedLayers().values().forEach(l -> all.addAll(l.losses()));
    return all;
  }

  @Override
  public void clearAddedLosses() {
    super.clearAddedLosses();
    wrappedLayers().values().forEach(Layer::clearAddedLosses);
  }

  @Override
  public Map<Variable, Constraint> constraints() {
    Map<Variable, Constraint> all = new IdentityHashMap<>(super.constraints());
    wrappedLayers().values().forEach(l -> all.putAll(l.constraints()));
    return all;
  }

  @Override
  public void resetBuild() {
    super.resetBuild();
    wrappedLayers().values().forEach(Layer::resetBuild);
  }

  // ------------------------------------------------------------------ serialization

  /**
   * A held layer serialized as Keras nests it in a wrapper's config: with its {@code build_config}
   * (the shape of its first input) once built, or the one it was loaded with.
   */
  protected final Map<String, Object> nestedConfig(Layer layer) {
    Map<String, Object> serialized = dev.jkeras.saving.Serialization.serialize(layer);
    if (layer.isBuilt()) {
      Map<String, Object> build = new LinkedHashMap<>();
      build.put("input_shape", Shapes.toJson(layer.builtInputShape()));
      serialized.put("build_config", build);
    } else if (savedBuildConfigs.containsKey(layer)) {
      serialized.put("build_config", savedBuildConfigs.get(layer));
    }
    return serialized;
  }

  /** Keeps the {@code build_config} of {@code saved} (a serialized layer) for the held layer rebuilt from it. */
  protected final void keepBuildConfig(Layer layer, Object saved) {
    if (saved instanceof Map<?, ?> map && map.get("build_config") != null) {
      savedBuildConfigs.put(layer, map.get("build_config"));
    }
  }

  /** The saved layer under {@code key} of a wrapper's config, rebuilt; a clear error when it is missing. */
  protected static Layer nestedLayer(String wrapper, dev.jkeras.saving.Config config, String key) {
    Object saved = config.get(key);
    if (!(saved instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(wrapper + " config needs '" + key + "', a serialized layer "
          + "({module, class_name, config}), got " + saved);
    }
    return Layers.deserialize(saved);
  }
}
