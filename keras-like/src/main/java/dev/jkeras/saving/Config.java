package dev.jkeras.saving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code config} dictionary of a saved object (a layer's options, an optimizer's
 * hyperparameters), read with typed getters that say which key is wrong when it is.
 */
public final class Config {
  private final String owner;
  private final Map<String, Object> values;

  /** A config of {@code owner} (used in error messages, e.g. {@code Dense}). */
  public Config(String owner, Map<String, ?> values) {
    this.owner = owner;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public String getString(String key, String fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      return s;
    }
    throw wrongType(key, "a string", value);
  }

  public double getDouble(String key, double fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(key, "a number", value);
  }

  public int getInt(String key, int fallback) {
    return (int) getLong(key, fallback);
  }

  public long getLong(String key, long fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw wrongType(key, "an integer", value);
  }

  public boolean getBoolean(String key, boolean fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw wrongType(key, "true or false", value);
  }

  /** A list of integers; {@code null} entries (Keras's {@code None}) become -1. */
  public int[] getIntArray(String key) {
    Object value = values.get(key);
    if (!(value instanceof List<?> list)) {
      throw wrongType(key, "a list of integers", value);
    }
    int[] result = new int[list.size()];
    for (int i = 0; i < result.length; i++) {
      Object item = list.get(i);
      if (item != null && !(item instanceof Number)) {
        throw wrongType(key, "a list of integers", value);
      }
      result[i] = item == null ? -1 : ((Number) item).intValue();
    }
    return result;
  }

  /** A nested dictionary, or null when absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> getMap(String key) {
    Object value = values.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw wrongType(key, "a dictionary", value);
  }

  public Object get(String key) {
    return values.get(key);
  }

  private IllegalArgumentException wrongType(String key, String expected, Object actual) {
    return new IllegalArgumentException("The saved config of " + owner + " has '" + key + "' = " + actual
        + ", expected " + expected);
  }

  @Override
  public String toString() {
    return owner + values;
  }
}
