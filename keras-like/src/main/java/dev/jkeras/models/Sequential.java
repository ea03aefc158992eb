package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.Node;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain stack of layers, each feeding the next. Built at once when the first layer declares its
 * input shape (or an {@link InputLayer} does), otherwise on first use.
 */
public class Sequential extends Model {
  private final List<Layer> layers = new ArrayList<>();
  private Shape sampleShape;
  /** The dtype of the inputs, as the InputLayer given first says (float32 without one). */
  private DType inputDtype = DType.FLOAT32;

  public Sequential(Layer... layers) {
    this(List.of(layers));
  }

  /** A stack of {@code layers}, in order, as Keras's {@code Sequential([layer, ...])}. */
  public Sequential(List<? extends Layer> layers) {
    for (Layer layer : layers) {
      add(layer);
    }
  }

  /**
   * A stack on an input's shape, as Keras's {@code Sequential([keras.Input(shape=(28, 28, 1)), ...])}:
   * {@code new Sequential(Input.of(28, 28, 1), new Conv2D(...), ...)}, built at once.
   */
  public Sequential(KerasTensor input, Layer... layers) {
    add(input);
    for (Layer layer : layers) {
      add(layer);
    }
  }

  /** Starts the stack with the shape of {@code input}, a {@code keras.Input}, as Keras's {@code add}. */
  public void add(KerasTensor input) {
    Layer origin = input == null || !(input.history() instanceof Node node) ? null : node.call().layer();
    if (!(origin instanceof InputLayer inputLayer)) {
      throw new IllegalArgumentException("Only layers and Input.of(...) tensors can be added to Sequential model '"
          + name() + "'; got " + input + ". For a tensor computed from an input, build a Functional model: "
          + "new Model(inputs, outputs)");
    }
    add(inputLayer);
  }

  /** Appends a layer; a built model traces just that layer on its output. */
  public void add(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Cannot add null to Sequential model '" + name() + "'");
    }
    if (layer instanceof InputLayer) {
      if (!layers.isEmpty()) {
        throw new IllegalArgumentException("An InputLayer must come first in Sequential model '" + name() + "'");
      }
      sampleShape = layer.declaredInputShape();
      inputDtype = ((InputLayer) layer).dtype();
      return;
    }
    if (layers.isEmpty() && layer.declaredInputShape() != null) {
      sampleShape = layer.declaredInputShape();
    }
    if (layers.contains(layer)) {
      throw new IllegalArgumentException("Layer '" + layer.name() + "' is already in model '" + name() + "'");
    }
    if (layers.stream().anyMatch(other -> other.name().equals(layer.name()))) {
      throw new IllegalArgumentException("All layers added to a Sequential model should have unique names. Name '"
          + layer.name() + "' is already the name of a layer in this model. Give the layer a unique name with "
          + "name(...) before adding it.");
    }
    layers.add(layer);
    if (!buildAppended(layer)) {
      rebuild();
    }
  }

  /** Removes the last layer; a built model is rebuilt without it. */
  public Layer pop() {
    if (layers.isEmpty()) {
      throw new IllegalStateException("There are no layers in model '" + name() + "' to pop");
    }
    Layer removed = layers.remove(layers.size() - 1);
    rebuild();
    return removed;
  }

  private void rebuild() {
    Shape batchShape = isBuilt() ? inputShape() : sampleShape == null ? null : sampleShape.prepend(Shape.UNKNOWN);
    if (isBuilt()) {
      forgetBuildKeepingWeights();
    }
    if (batchShape != null && !layers.isEmpty()) {
      build(batchShape);
    }
  }

  /** Unbuilds the model itself; layers keep their weights in the graph and are traced again. */
  private void forgetBuildKeepingWeights() {
    resetBuild();
    invalidateSteps();
  }

  /** The InputLayer's dtype (e.g. string for raw text), float32 without one. */
  @Override
  DType inputDtype(int index) {
    return inputDtype;
  }

  @Override
  public List<Layer> layers() {
    return List.copyOf(layers);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (layers.isEmpty()) {
      throw new IllegalStateException("Sequential model '" + name() + "' has no layers; add some first");
    }
    KerasTensor x = inputs;
    for (Layer layer : layers) {
      x = layer.apply(x, training);
    }
    return x;
  }

  /** Keras's Sequential config: its layers (an InputLayer first when the input shape is known) and build shape. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    List<Map<String, Object>> layerConfigs = new ArrayList<>();
    Shape batchShape = isBuilt() ? inputShape() : sampleShape == null ? null : sampleShape.prepend(Shape.UNKNOWN);
    if (batchShape != null) {
      layerConfigs.add(InputLayer.serialized(batchShape, inputDtype, "input_layer"));
    }
    layers.forEach(layer -> layerConfigs.add(Layers.serialize(layer)));
    config.put("layers", layerConfigs);
    config.put("build_input_shape", Shapes.toJson(batchShape));
    return config;
  }

  /** Rebuilds a Sequential model from its saved config, built when the config knows its input shape. */
  public static Sequential fromConfig(Config config) {
    Sequential model = new Sequential();
    Object layers = config.get("layers");
    if (!(layers instanceof List<?> list)) {
      throw new IllegalArgumentException("The saved Sequential config has no layers list");
    }
    list.forEach(entry -> model.add(Layers.deserialize(entry)));
    Shape buildShape = Shapes.fromJson(config.get("build_input_shape"));
    if (!model.isBuilt() && buildShape != null && !model.layers.isEmpty()) {
      model.build(buildShape);
    }
    return model;
  }
}
