package dev.jkeras.models;

import dev.jkeras.layers.Layer;
import dev.jkeras.metrics.Metric;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics a model holds, found as Keras's attribute tracking finds them: in the fields (a
 * {@link Metric} or a collection of them) of the model and of the layers it holds, sub-models
 * included, superclass fields first. jkeras's own layers and models hold none, so only user classes are read.
 */
final class MetricFields {
  private MetricFields() {}

  static List<Metric> of(Model model) {
    Set<Metric> found = new LinkedHashSet<>();
    collect(model, found, new IdentityHashMap<>());
    return List.copyOf(found);
  }

  private static void collect(Layer layer, Set<Metric> found, Map<Layer, Boolean> seen) {
    if (seen.put(layer, Boolean.TRUE) != null) {
      return;
    }
    readFields(layer, found);
    if (layer instanceof Model model) {
      model.layers().forEach(l -> collect(l, found, seen));
    }
  }

  private static void readFields(Layer layer, Set<Metric> found) {
    java.util.ArrayDeque<Class<?>> hierarchy = new java.util.ArrayDeque<>();
    for (Class<?> c = layer.getClass(); c != null && !isLibrary(c); c = c.getSuperclass()) {
      hierarchy.push(c);
    }
    for (Class<?> type : hierarchy) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
          continue;
        }
        Object value = LayerFields.read(field, layer);
        if (value instanceof Metric metric) {
          found.add(metric);
        } else if (value instanceof Collection<?> collection) {
          collection.stream().filter(Metric.class::isInstance).map(Metric.class::cast).forEach(found::add);
        }
      }
    }
  }

  /** jkeras's own layers and models, which hold no metrics. */
  private static boolean isLibrary(Class<?> type) {
    Package p = type.getPackage();
    return p != null && (p.equals(Layer.class.getPackage()) || p.equals(Model.class.getPackage()));
  }
}
