package dev.jkeras.constraints;

import com.google.common.collect.ImmutableMap;
import dev.jkeras.saving.Serialization;
import dev.jkeras.utils.Identifiers;
import java.util.Map;
import java.util.function.Supplier;

/** Keras's weight constraints by name ({@code "max_norm"}, {@code "non_neg"}, ...) and as factories. */
public final class Constraints {
  private Constraints() {}

  private static final Map<String, Supplier<Constraint>> BY_NAME =
      ImmutableMap.<String, Supplier<Constraint>>builder()
          .put("max_norm", MaxNorm::new)
          .put("non_neg", NonNeg::new)
          .put("unit_norm", UnitNorm::new)
          .put("min_max_norm", MinMaxNorm::new)
          .put("MaxNorm", MaxNorm::new)
          .put("NonNeg", NonNeg::new)
          .put("UnitNorm", UnitNorm::new)
          .put("MinMaxNorm", MinMaxNorm::new)
          .build();

  /** The constraint Keras calls {@code name}, with Keras's defaults; {@code null} means none. */
  public static Constraint get(String name) {
    return name == null ? null : Identifiers.lookup("constraint", name, BY_NAME).get();
  }

  /** {@code keras.constraints.max_norm(max_value, axis)}. */
  public static Constraint maxNorm(double maxValue, int... axis) {
    return new MaxNorm(maxValue, axis.length == 0 ? new int[] {0} : axis);
  }

  public static Constraint nonNeg() {
    return new NonNeg();
  }

  public static Constraint unitNorm(int... axis) {
    return new UnitNorm(axis.length == 0 ? new int[] {0} : axis);
  }

  /** A constraint from a file: null, a name ({@code "max_norm"}) or a serialized object. */
  public static Constraint deserialize(Object saved) {
    return Serialization.deserialize(saved, Constraint.class, Constraints::get);
  }

  /** The saved form of {@code constraint}, null for none. */
  public static Object serialize(Constraint constraint) {
    return Serialization.serialize(constraint);
  }
}
