package dev.jkeras.models;

import dev.jkeras.layers.Layer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The layers a subclassed model holds in its fields, found without registration calls. */
final class LayerFields {
  private LayerFields() {}

  /** The layers, in field declaration order (superclass fields first), each once. */
  static List<Layer> of(Model model) {
    Set<Layer> found = new LinkedHashSet<>();
    declared(model).values().forEach(value -> {
      if (value instanceof Layer layer) {
        found.add(layer);
      } else if (value instanceof Collection<?> collection) {
        collection.stream().filter(Layer.class::isInstance).map(Layer.class::cast).forEach(found::add);
      }
    });
    return List.copyOf(found);
  }

  /** The fields holding a layer or a collection of layers, by field name in sorted order (Keras's saving walk). */
  static Map<String, Object> named(Model model) {
    return new TreeMap<>(declared(model));
  }

  private static Map<String, Object> declared(Model model) {
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = model.getClass(); c != null && c != Model.class && c != Sequential.class; c = c.getSuperclass()) {
      hierarchy.add(0, c);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Class<?> type : hierarchy) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
          continue;
        }
        Object value = read(field, model);
        boolean holdsLayers = value instanceof Layer layer && layer != model
            || value instanceof Collection<?> collection && collection.stream().anyMatch(Layer.class::isInstance);
        if (holdsLayers) {
          fields.putIfAbsent(field.getName(), value);
        }
      }
    }
    return fields;
  }

  /** The value of {@code field} in {@code owner}, or null when it cannot be read. */
  static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
