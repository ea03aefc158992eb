package dev.jkeras.saving;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras's {@code custom_objects}: names a file may use, mapped to a class (a layer, loss, metric,
 * activation, initializer, regularizer, constraint: a custom Loss or Metric subclass) or to an
 * object (a {@code Loss.of} lambda, a metric instance). Passed to {@code Models.loadModel(path,
 * customObjects)} and in effect, on this thread, while that model is rebuilt and compiled; a name
 * is looked up by the file's {@code registered_name} first, then its {@code class_name} (or, for a
 * loss or metric saved as a string, that string).
 */
public final class CustomObjects {
  private static final ThreadLocal<Map<String, Object>> SCOPE = ThreadLocal.withInitial(Map::of);
  private static final CustomObjects NONE = new CustomObjects(Map.of());

  private final Map<String, Object> objects;

  private CustomObjects(Map<String, Object> objects) {
    this.objects = objects;
  }

  /** No custom objects beyond the registered ones. */
  public static CustomObjects none() {
    return NONE;
  }

  /** The given names and objects (classes, rebuilt from their config, or objects used as they are). */
  public static CustomObjects of(Map<String, ?> objects) {
    Map<String, Object> copy = new LinkedHashMap<>();
    objects.forEach((name, object) -> {
      if (name == null || object == null) {
        throw new IllegalArgumentException("customObjects cannot hold null names or objects: " + objects);
      }
      copy.put(name, object);
    });
    return copy.isEmpty() ? NONE : new CustomObjects(Map.copyOf(copy));
  }

  /** Runs {@code action} with these objects in scope (inside any outer scope, these taking precedence). */
  public <T> T within(Supplier<T> action) {
    Map<String, Object> outer = SCOPE.get();
    if (objects.isEmpty()) {
      return action.get();
    }
    Map<String, Object> merged = new LinkedHashMap<>(outer);
    merged.putAll(objects);
    SCOPE.set(Map.copyOf(merged));
    try {
      return action.get();
    } finally {
      SCOPE.set(outer);
    }
  }

  /** The object in scope under {@code name}, or null. */
  public static Object lookup(String name) {
    return name == null ? null : SCOPE.get().get(name);
  }

  /** The names in scope, for error messages. */
  static java.util.Set<String> names() {
    return SCOPE.get().keySet();
  }

  @Override
  public String toString() {
    return "CustomObjects" + objects.keySet();
  }
}
