package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.Arrays;
import java.util.List;

/** Axis arguments of layers: validation against an input shape and broadcasting of per-axis weights. */
final class Axes {
  private Axes() {}

  /** {@code axes} as non-negative, sorted, distinct axes of {@code inputShape}; errors name the layer. */
  static int[] canonical(String layer, String kind, int[] axes, Shape inputShape) {
    int rank = inputShape.rank();
    int[] result = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int axis = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (axis < 0 || axis >= rank) {
        throw new IllegalArgumentException("Layer \"" + layer + "\" (" + kind + "): axis " + axes[i]
            + " is out of bounds for input shape " + inputShape + " (rank " + rank + ")");
      }
      result[i] = axis;
    }
    Arrays.sort(result);
    for (int i = 1; i < result.length; i++) {
      if (result[i] == result[i - 1]) {
        throw new IllegalArgumentException("Layer \"" + layer + "\" (" + kind + "): duplicate axes "
            + Arrays.toString(axes));
      }
    }
    return result;
  }

  /** The shape of a weight over {@code axes}: the input's dimensions there, which must be known. */
  static Shape weightShape(String layer, String kind, int[] axes, Shape inputShape) {
    long[] dims = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      dims[i] = inputShape.get(axes[i]);
      if (dims[i] == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + layer + "\" (" + kind + ") needs a known dimension on axis "
            + axes[i] + ", got input shape " + inputShape);
      }
    }
    return Shape.of(dims);
  }

  /** The axes of a rank-{@code rank} input other than {@code axes}. */
  static int[] complement(int rank, int[] axes) {
    return java.util.stream.IntStream.range(0, rank).filter(a -> Arrays.stream(axes).noneMatch(b -> b == a)).toArray();
  }

  /**
   * {@code weight} (shaped as the input's dimensions on {@code axes}) reshaped to broadcast against
   * a rank-{@code rank} input; unchanged when {@code axes} is the last axis alone.
   */
  static KerasTensor broadcast(KerasTensor weight, int[] axes, Shape inputShape) {
    int rank = inputShape.rank();
    if (weight == null || axes.length == 1 && axes[0] == rank - 1) {
      return weight;
    }
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    for (int axis : axes) {
      shape[axis] = inputShape.get(axis);
    }
    return Ops.reshape(weight, shape);
  }

  /** Keras's saved form of a list of axes. */
  static List<Integer> list(int[] axes) {
    return Arrays.stream(axes).boxed().toList();
  }
}
