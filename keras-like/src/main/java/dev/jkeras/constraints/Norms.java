package dev.jkeras.constraints;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;

/** The weight norms the norm constraints share, and their {@code axis} option. */
final class Norms {
  /** Keras's fuzz factor, {@code backend.epsilon()}. */
  static final double EPSILON = 1e-7;

  private Norms() {}

  /** {@code sqrt(sum(w^2))} over {@code axes}, kept for broadcasting. */
  static KerasTensor of(KerasTensor weight, int[] axes) {
    return Ops.sqrt(Ops.sum(Ops.square(weight), axes, true));
  }

  /** The axis as Keras saves it: an int, or a list when there are several. */
  static Object serialize(int[] axes) {
    return axes.length == 1 ? (Object) axes[0] : Arrays.stream(axes).boxed().toList();
  }

  /** Reads {@code axis} saved as an int or a list of ints. */
  static int[] read(Config config, int fallback) {
    Object value = config.get("axis");
    if (value == null) {
      return new int[] {fallback};
    }
    if (value instanceof Number number) {
      return new int[] {config.getInt("axis", number.intValue())};
    }
    if (value instanceof List<?>) {
      return config.getIntArray("axis");
    }
    throw new IllegalArgumentException("Constraint axis must be an int or a list of ints, got " + value);
  }

  static int[] check(String constraint, int[] axes) {
    if (axes == null || axes.length == 0) {
      throw new IllegalArgumentException(constraint + " needs at least one axis");
    }
    return axes.clone();
  }
}
