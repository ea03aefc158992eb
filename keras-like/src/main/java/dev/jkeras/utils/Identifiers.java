package dev.jkeras.utils;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Looks up Keras string identifiers, failing with the list of valid names. */
public final class Identifiers {
  private Identifiers() {}

  /** The value registered under {@code name} (case-insensitive); {@code kind} names the table in errors. */
  public static <T> T lookup(String kind, String name, Map<String, T> table) {
    return lookup(kind, name, table, Set.of());
  }

  /** As {@link #lookup(String, String, Map)}, listing {@code otherValidNames} too in the error. */
  public static <T> T lookup(String kind, String name, Map<String, T> table, Set<String> otherValidNames) {
    T found = name == null ? null : table.get(name.toLowerCase(Locale.ROOT));
    if (found == null) {
      TreeSet<String> valid = new TreeSet<>(table.keySet());
      valid.addAll(otherValidNames);
      throw new IllegalArgumentException(
          "Unknown " + kind + " identifier '" + name + "'. Valid identifiers: " + String.join(", ", valid));
    }
    return found;
  }

  /** Keras's default layer name for a class: {@code BatchNormalization} becomes {@code batch_normalization}. */
  public static String snakeCase(String className) {
    return className
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT);
  }
}
