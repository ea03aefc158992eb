package dev.jkeras.models;

import dev.jkeras.layers.Layer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The layers a subclassed model holds in its fields, found without registration calls. */
final class LayerFields {
  private LayerFields() {}

  static List<Layer> of(Model model) {
    Set<Layer> found = new LinkedHashSet<>();
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = model.getClass(); c != null && c != Model.class && c != Sequential.class; c = c.getSuperclass()) {
      hierarchy.add(0, c);
    }
    for (Class<?> type : hierarchy) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
          continue;
        }
        Object value = read(field, model);
        if (value instanceof Layer layer && layer != model) {
          found.add(layer);
        } else if (value instanceof Collection<?> collection) {
          collection.stream().filter(Layer.class::isInstance).map(Layer.class::cast).forEach(found::add);
        }
      }
    }
    return List.copyOf(found);
  }

  private static Object read(Field field, Model model) {
    try {
      field.setAccessible(true);
      return field.get(model);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
