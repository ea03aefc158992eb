package dev.jkeras.saving;

import dev.jkeras.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Shapes as Keras writes them in JSON: lists with {@code null} for unknown dimensions. */
public final class Shapes {
  private static final BigDecimal MAX_DIM = BigDecimal.valueOf(Integer.MAX_VALUE);

  private Shapes() {}

  public static List<Long> toJson(Shape shape) {
    if (shape == null) {
      return null;
    }
    List<Long> dims = new ArrayList<>();
    for (long dim : shape.asArray()) {
      dims.add(dim == Shape.UNKNOWN ? null : dim);
    }
    return dims;
  }

  /**
   * A shape from a JSON list; null stays null. Each dimension is {@code null} (unknown) or an exact
   * integer between 0 and {@link Integer#MAX_VALUE}; anything else is refused, never truncated.
   */
  public static Shape fromJson(Object json) {
    if (json == null) {
      return null;
    }
    if (!(json instanceof List<?> list)) {
      throw new IllegalArgumentException("Expected a shape (a list of dimensions), got " + Numbers.format(json));
    }
    long[] dims = new long[list.size()];
    for (int i = 0; i < dims.length; i++) {
      Object dim = list.get(i);
      if (dim == null) {
        dims[i] = Shape.UNKNOWN;
        continue;
      }
      BigDecimal exact = dim instanceof Number n ? Numbers.exact(n) : null;
      if (exact == null || exact.signum() < 0 || exact.compareTo(MAX_DIM) > 0
          || exact.signum() != 0 && exact.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("Expected a shape (a list of dimensions, each null or an integer between "
            + "0 and " + MAX_DIM + "), got " + Numbers.format(json) + ": dimension " + i + " is " + Numbers.format(dim));
      }
      dims[i] = exact.longValueExact();
    }
    return Shape.of(dims);
  }
}
