package dev.jkeras.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nesting of a dataset element's components, as tf.data's nested structures: one component, a
 * tuple (a Java {@link List}) or a dict (a {@link Map} by name) of nested structures. The components
 * themselves travel flat, in depth-first order.
 */
public sealed interface ElementStructure {

  /** The number of components. */
  int size();

  /** Rebuilds the nesting over {@code flat} components: a component, a {@code List} or a {@code Map}. */
  Object pack(List<?> flat);

  /** One component. */
  record Single() implements ElementStructure {
    @Override
    public int size() {
      return 1;
    }

    @Override
    public Object pack(List<?> flat) {
      return flat.get(0);
    }

    @Override
    public String toString() {
      return "component";
    }
  }

  /** A tuple of structures, in order. */
  record Tuple(List<ElementStructure> items) implements ElementStructure {
    public Tuple {
      items = List.copyOf(items);
    }

    @Override
    public int size() {
      return items.stream().mapToInt(ElementStructure::size).sum();
    }

    @Override
    public Object pack(List<?> flat) {
      List<Object> out = new ArrayList<>();
      int at = 0;
      for (ElementStructure item : items) {
        out.add(item.pack(flat.subList(at, at + item.size())));
        at += item.size();
      }
      return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
      return items.toString().replace('[', '(').replace(']', ')');
    }
  }

  /** A dict of structures by name, in insertion order. */
  record Dict(List<String> keys, List<ElementStructure> values) implements ElementStructure {
    public Dict {
      keys = List.copyOf(keys);
      values = List.copyOf(values);
    }

    @Override
    public int size() {
      return values.stream().mapToInt(ElementStructure::size).sum();
    }

    @Override
    public Object pack(List<?> flat) {
      Map<String, Object> out = new LinkedHashMap<>();
      int at = 0;
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), values.get(i).pack(flat.subList(at, at + values.get(i).size())));
        at += values.get(i).size();
      }
      return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
      return "{" + String.join(", ", keys) + "}";
    }
  }

  /**
   * The structure of {@code value} (a {@code leaf}, a {@code List} or a {@code Map} with String keys,
   * nested), its components appended to {@code flat} in order.
   *
   * @throws IllegalArgumentException when a part is neither
   */
  static <T> ElementStructure flatten(Object value, Class<T> leaf, List<T> flat, String what) {
    if (leaf.isInstance(value)) {
      flat.add(leaf.cast(value));
      return new Single();
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      List<ElementStructure> items = new ArrayList<>();
      for (Object item : list) {
        items.add(flatten(item, leaf, flat, what));
      }
      return new Tuple(items);
    }
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      List<String> keys = new ArrayList<>();
      List<ElementStructure> values = new ArrayList<>();
      for (var entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException(what + ": a dict's keys must be strings, got " + entry.getKey());
        }
        keys.add(key);
        values.add(flatten(entry.getValue(), leaf, flat, what));
      }
      return new Dict(keys, values);
    }
    throw new IllegalArgumentException(what + " must be a " + leaf.getSimpleName() + ", a non-empty List or a "
        + "non-empty Map of them, got " + (value == null ? "null" : value.getClass().getName() + " " + value));
  }
}
