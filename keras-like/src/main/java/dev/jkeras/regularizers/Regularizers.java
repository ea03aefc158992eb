package dev.jkeras.regularizers;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.saving.Serialization;
import dev.jkeras.utils.Identifiers;
import java.util.Map;
import java.util.function.Supplier;

/** Keras's weight regularizers. */
public final class Regularizers {
  private Regularizers() {}

  private static final double DEFAULT_FACTOR = 0.01;

  private static final Map<String, Supplier<Regularizer>> BY_NAME = ImmutableMap.of(
      "l1", () -> l1(DEFAULT_FACTOR),
      "l2", () -> l2(DEFAULT_FACTOR),
      "l1_l2", () -> l1L2(DEFAULT_FACTOR, DEFAULT_FACTOR));

  /** The regularizer Keras calls {@code name}, with Keras's default factor 0.01. */
  public static Regularizer get(String name) {
    return Identifiers.lookup("regularizer", name, BY_NAME).get();
  }

  /** {@code factor * sum(|w|)}. */
  public static Regularizer l1(double factor) {
    return L1L2.l1Only(factor);
  }

  /** {@code factor * sum(w^2)}. */
  public static Regularizer l2(double factor) {
    return L1L2.l2Only(factor);
  }

  public static Regularizer l1L2(double l1, double l2) {
    return new L1L2(l1, l2);
  }

  /** A regularizer from a file: null, a name ({@code "l2"}) or a serialized object. */
  public static Regularizer deserialize(Object saved) {
    return Serialization.deserialize(saved, Regularizer.class, Regularizers::get);
  }

}
