package dev.jkeras.models;

import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Layer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Keras's {@code model.quantize(mode)}: every leaf layer that quantizes ({@link
 * Layer#supportsQuantization}) computes its int8 weights, the others are skipped with Keras's
 * warning, and the model is built again for the same inputs, its layers taking back their values.
 */
final class Quantization {
  private static final System.Logger LOG = System.getLogger(Model.class.getName());

  private Quantization() {}

  /** The leaf layers quantized and the values of every other leaf layer, before the rebuild. */
  record Plan(List<Layer> quantized, Map<Layer, List<NdArray<?>>> kept) {}

  static Plan quantize(Model model, String mode) {
    List<Layer> leaves = new ArrayList<>();
    collectLeaves(model, leaves);
    Map<Layer, List<NdArray<?>>> kept = new IdentityHashMap<>();
    List<Layer> quantized = new ArrayList<>();
    for (Layer layer : leaves) {
      if (!layer.supportsQuantization(mode)) {
        LOG.log(System.Logger.Level.WARNING, "Layer " + layer.getClass().getSimpleName()
            + " does not have a `quantize` method implemented.");
        kept.put(layer, layer.ownVariables().stream().<NdArray<?>>map(Variable::read).toList());
      }
    }
    for (Layer layer : leaves) {
      if (layer.supportsQuantization(mode)) {
        Layer.checkQuantizeArguments(layer, mode);
        layer.checkQuantizable(mode);
      }
    }
    for (Layer layer : leaves) {
      if (layer.supportsQuantization(mode)) {
        layer.quantize(mode);
        quantized.add(layer);
      }
    }
    return new Plan(quantized, kept);
  }

  /** Writes back the values of the layers that were not quantized, once the model is built again. */
  static void restoreKept(Plan plan) {
    plan.kept().forEach((layer, values) -> {
      List<Variable> variables = layer.ownVariables();
      for (int i = 0; i < values.size(); i++) {
        variables.get(i).write(values.get(i));
      }
    });
  }

  /** Nested models' layers, recursively; Keras's {@code _flatten_layers} leaves. */
  static void collectLeaves(Model model, List<Layer> leaves) {
    for (Layer layer : model.layers()) {
      if (layer instanceof Model nested) {
        collectLeaves(nested, leaves);
      } else {
        leaves.add(layer);
      }
    }
  }

  /** Nested models, innermost first. */
  static void collectModels(Model model, List<Model> models) {
    for (Layer layer : model.layers()) {
      if (layer instanceof Model nested) {
        collectModels(nested, models);
        models.add(nested);
      }
    }
  }
}
