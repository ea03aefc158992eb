package dev.jkeras.ops;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The features parsed from serialized Examples, by name: {@link FixedLenFeature}s as dense values,
 * {@link VarLenFeature}s as {@link SparseTensor}s. {@code T} is {@link dev.jkeras.KerasTensor} for
 * symbolic results and {@code NdArray<?>} for eager ones.
 */
public record ParsedExample<T>(Map<String, T> dense, Map<String, SparseTensor<T>> sparse) {
  public ParsedExample {
    dense = Map.copyOf(Objects.requireNonNull(dense, "dense"));
    sparse = Map.copyOf(Objects.requireNonNull(sparse, "sparse"));
  }

  /** The dense value of the fixed-length feature {@code name}. */
  public T get(String name) {
    T value = dense.get(name);
    if (value == null) {
      throw new IllegalArgumentException(sparse.containsKey(name)
          ? "Feature '" + name + "' is a VarLenFeature: read it with sparse(\"" + name + "\")"
          : "No feature '" + name + "' was parsed; the features are " + names());
    }
    return value;
  }

  /** The sparse value of the variable-length feature {@code name}. */
  public SparseTensor<T> sparse(String name) {
    SparseTensor<T> value = sparse.get(name);
    if (value == null) {
      throw new IllegalArgumentException(dense.containsKey(name)
          ? "Feature '" + name + "' is a FixedLenFeature: read it with get(\"" + name + "\")"
          : "No feature '" + name + "' was parsed; the features are " + names());
    }
    return value;
  }

  /** Every parsed feature's name, sorted. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>(dense.keySet());
    names.addAll(sparse.keySet());
    return names;
  }
}
