package dev.jkeras.saving;

import java.math.BigDecimal;
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

  /** An integer that fits Java's {@code int}; anything else is refused with the key, value and range. */
  public int getInt(String key, int fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    return (int) exactInteger(key, value, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** An integer that fits Java's {@code long}; anything else is refused with the key, value and range. */
  public long getLong(String key, long fallback) {
    Object value = values.get(key);
    if (value == null) {
      return fallback;
    }
    return exactInteger(key, value, value, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * {@code item} (from {@code value} of {@code key}) as an exact integer in {@code [min, max]}: a
   * fraction, a huge number or a non-number is an error, never a truncated or wrapped value.
   */
  private long exactInteger(String key, Object value, Object item, long min, long max) {
    if (!(item instanceof Number number)) {
      throw wrongType(key, "an integer", value);
    }
    BigDecimal exact = Numbers.exact(number);
    if (exact == null || exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
      throw wrongType(key, "an integer", value);
    }
    if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException("The saved config of " + owner + " has '" + key + "' = "
          + Numbers.format(value) + ", which is out of range: expected an integer between " + min + " and " + max);
    }
    return exact.longValueExact();
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

  /** A list of integers that fit Java's {@code int}; {@code null} entries (Keras's {@code None}) become -1. */
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
      result[i] = item == null ? -1 : (int) exactInteger(key, value, item, Integer.MIN_VALUE, Integer.MAX_VALUE);
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
    return new IllegalArgumentException("The saved config of " + owner + " has '" + key + "' = "
        + Numbers.format(actual) + ", expected " + expected);
  }

  @Override
  public String toString() {
    return owner + values;
  }
}
