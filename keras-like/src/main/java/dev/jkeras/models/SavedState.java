package dev.jkeras.models;

import dev.jkeras.backend.Variable;
import dev.jkeras.layers.Layer;
import dev.jkeras.utils.Identifiers;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where each of a model's variables lives in a weights file, following Keras 3's walk: the model's
 * own variables at the root, its layers under {@code layers/<class>} (numbered {@code _1},
 * {@code _2}, ... when a class repeats), and
 * the optimizer's state under {@code optimizer}. A subclassed model's fields are walked in sorted
 * order with {@code layers} (all its layers) among them, so a layer appears under the first name
 * that reaches it.
 */
final class SavedState {
  /** One object of the walk: its name, its variables in saving order, and the layer it is (null for others). */
  record Entry(String name, List<Variable> variables, Layer layer) {
    Entry(String name, List<Variable> variables) {
      this(name, variables, null);
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Set<Layer> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  private SavedState() {}

  /** The objects of {@code model} by path; with the optimizer's state when {@code withOptimizer}. */
  static Map<String, Entry> of(Model model, boolean withOptimizer) {
    SavedState state = new SavedState();
    state.model(model, "");
    if (withOptimizer && model.isCompiled()) {
      var optimizer = model.optimizer();
      state.entries.put("optimizer", new Entry(optimizer.name(), optimizer.variables()));
      if (optimizer instanceof dev.jkeras.optimizers.LossScaleOptimizer scaled) {
        // As Keras: the wrapped optimizer's variables are saved again under its attribute's name.
        var inner = scaled.innerOptimizer();
        state.entries.put("optimizer/inner_optimizer", new Entry(inner.name(), inner.variables()));
      }
    }
    return state.entries;
  }

  private void model(Model model, String path) {
    visited.add(model);
    entries.put(path, new Entry(model.name(), List.of()));
    if (model.functional() != null || model instanceof Sequential) {
      list(model.layers(), join(path, "layers"));
      return;
    }
    // Keras walks a subclassed model's attributes in sorted order, "layers" (all its layers) among them.
    Map<String, Object> attributes = new TreeMap<>(LayerFields.named(model));
    attributes.putIfAbsent("layers", model.layers());
    attributes.forEach((field, value) -> {
      if (value instanceof Layer layer) {
        layer(layer, join(path, field));
      } else if (value instanceof Collection<?> collection) {
        list(collection.stream().filter(Layer.class::isInstance).map(Layer.class::cast).toList(), join(path, field));
      }
    });
  }

  private void list(List<Layer> layers, String path) {
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : layers) {
      String base = Identifiers.snakeCase(layer.getClass().getSimpleName());
      int count = used.merge(base, 1, Integer::sum) - 1;
      layer(layer, join(path, count == 0 ? base : base + "_" + count));
    }
  }

  private void layer(Layer layer, String path) {
    if (!visited.add(layer)) {
      return;
    }
    if (layer instanceof Model nested) {
      visited.remove(nested);
      model(nested, path);
    } else if (layer instanceof dev.jkeras.layers.Wrapper wrapper) {
      // Keras walks a wrapper's attributes in sorted order: layers/bidirectional/backward_layer, .../forward_layer.
      entries.put(path, new Entry(layer.name(), layer.ownVariables(), layer));
      new TreeMap<>(wrapper.wrappedLayers()).forEach((attribute, inner) -> layer(inner, join(path, attribute)));
    } else if (layer instanceof dev.jkeras.layers.Recurrent<?> rnn) {
      // Keras's RNN layers hold their weights in their cell: layers/lstm/cell/vars.
      entries.put(path, new Entry(layer.name(), List.of(), layer));
      entries.put(join(path, "cell"), new Entry(rnn.cellName(), layer.ownVariables()));
    } else {
      entries.put(path, new Entry(layer.name(), layer.savedVariables(), layer));
    }
  }

  private static String join(String path, String child) {
    return path.isEmpty() ? child : path + "/" + child;
  }
}
