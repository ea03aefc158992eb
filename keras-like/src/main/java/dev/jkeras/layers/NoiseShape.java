package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.NdArrays;

/**
 * A dropout layer's {@code noise_shape}: the shape of its random mask, one entry per input axis,
 * {@code null} taking the input's size at call time. The mask is broadcast to the input, so an
 * entry of 1 shares the drop along that axis ({@code (None, 1, 1, 1)} drops whole samples).
 */
final class NoiseShape {
  private final Long[] entries;

  private NoiseShape(Long[] entries) {
    this.entries = entries;
  }

  /**
   * The checked noise shape, or null for none.
   *
   * @throws IllegalArgumentException when an entry is not positive
   */
  static NoiseShape of(String layer, String className, Long... entries) {
    if (entries == null) {
      return null;
    }
    for (Long d : entries) {
      if (d != null && d <= 0) {
        throw new IllegalArgumentException("Layer \"" + layer + "\" (" + className + "): `noise_shape` entries must be "
            + "positive or None, got " + Arrays.toString(entries));
      }
    }
    return new NoiseShape(entries.clone());
  }

  /**
   * The noise shape a config's {@code noise_shape} gives (a list of integers and nulls), or null for none.
   *
   * @throws IllegalArgumentException when it is not such a list
   */
  static Long[] fromConfig(String className, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(className + "'s config has noise_shape " + value
          + ", expected a list of integers or None");
    }
    Long[] shape = new Long[list.size()];
    for (int i = 0; i < shape.length; i++) {
      Object entry = list.get(i);
      if (entry != null && !(entry instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
        throw new IllegalArgumentException(className + "'s config has noise_shape " + list
            + ", expected integers or None");
      }
      shape[i] = entry == null ? null : ((Number) entry).longValue();
    }
    return shape;
  }

  /** The config value: a list of integers and nulls, as Keras saves the tuple. */
  List<Long> toConfig() {
    return new ArrayList<>(Arrays.asList(entries));
  }

  Long[] entries() {
    return entries.clone();
  }

  /**
   * @throws IllegalArgumentException when the mask does not broadcast to inputs of {@code inputShape}
   */
  void checkFits(String layer, String className, Shape inputShape) {
    boolean fits = entries.length == inputShape.rank();
    for (int i = 0; fits && i < entries.length; i++) {
      long size = inputShape.get(i);
      fits = entries[i] == null || entries[i] == 1 || size == Shape.UNKNOWN || entries[i] == size;
    }
    if (!fits) {
      throw new IllegalArgumentException("Layer \"" + layer + "\" (" + className + "): `noise_shape` "
          + Arrays.toString(entries) + " does not broadcast to the input shape " + inputShape + ": give one entry "
          + "per axis, each None, 1 or the input's size");
    }
  }

  /** The mask's shape for {@code inputs}, as an int64 vector (null entries take the input's sizes). */
  KerasTensor of(KerasTensor inputs) {
    KerasTensor shape = Ops.cast(Ops.shape(inputs), DType.INT64);
    KerasTensor[] parts = new KerasTensor[entries.length];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = entries[i] == null ? Ops.slice(shape, new int[] {i}, new int[] {1})
          : Ops.convertToTensor(NdArrays.vectorOf(entries[i].longValue()));
    }
    return Ops.concatenate(parts, 0);
  }
}
