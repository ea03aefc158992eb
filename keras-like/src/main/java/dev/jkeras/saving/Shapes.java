package dev.jkeras.saving;

import dev.jkeras.Shape;
import java.util.ArrayList;
import java.util.List;

/** Shapes as Keras writes them in JSON: lists with {@code null} for unknown dimensions. */
public final class Shapes {
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

  /** A shape from a JSON list; null stays null. */
  public static Shape fromJson(Object json) {
    if (json == null) {
      return null;
    }
    if (!(json instanceof List<?> list)) {
      throw new IllegalArgumentException("Expected a shape (a list of dimensions), got " + json);
    }
    long[] dims = new long[list.size()];
    for (int i = 0; i < dims.length; i++) {
      Object dim = list.get(i);
      if (dim != null && !(dim instanceof Number)) {
        throw new IllegalArgumentException("Expected a shape (a list of dimensions), got " + json);
      }
      dims[i] = dim == null ? Shape.UNKNOWN : ((Number) dim).longValue();
    }
    return Shape.of(dims);
  }
}
