package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;

/** What the overlap losses (Dice, Tversky) share: their {@code axis} option, in code and in configs. */
final class Overlap {
  private Overlap() {}

  /** A sum over {@code axes}, or over every axis when null. */
  static KerasTensor sum(KerasTensor x, int[] axes) {
    if (axes != null) {
      return Ops.sum(x, axes);
    }
    int[] all = new int[x.rank()];
    Arrays.setAll(all, i -> i);
    return Ops.sum(x, all);
  }

  /** The saved form of {@code axes}: null, one integer, or a list. */
  static Object saved(int[] axes) {
    if (axes == null) {
      return null;
    }
    return axes.length == 1 ? (Object) axes[0] : Arrays.stream(axes).boxed().toList();
  }

  /** The axes a saved config gives (null, an integer or a list of integers). */
  static int[] read(Config config) {
    Object axis = config.get("axis");
    if (axis == null) {
      return null;
    }
    return axis instanceof List<?> ? config.getIntArray("axis") : new int[] {config.getInt("axis", 0)};
  }
}
