package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import java.util.Locale;

/**
 * Keras's {@code data_format} for the pooling, reshaping and spatial-dropout layers: {@code "channels_last"}
 * ({@code (batch, spatial..., channels)}, the default) or {@code "channels_first"} ({@code (batch, channels,
 * spatial...)}). Layers compute channels-last (TensorFlow's CPU pooling kernels are NHWC-only) and transpose around
 * that for channels-first inputs.
 */
final class DataFormat {
  static final String CHANNELS_LAST = "channels_last";
  static final String CHANNELS_FIRST = "channels_first";

  private DataFormat() {}

  /** The format in lower case; fails naming the layer on anything else. */
  static String of(String layer, String dataFormat) {
    String f = dataFormat == null ? CHANNELS_LAST : dataFormat.toLowerCase(Locale.ROOT);
    if (!f.equals(CHANNELS_LAST) && !f.equals(CHANNELS_FIRST)) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": the `data_format` argument must be one of "
          + "[channels_first, channels_last], got \"" + dataFormat + "\"");
    }
    return f;
  }

  static boolean isFirst(String dataFormat) {
    return CHANNELS_FIRST.equals(dataFormat);
  }

  /** The axis of spatial axis {@code i} (0-based) of a rank-{@code rank} input. */
  static int spatialAxis(String dataFormat, int i) {
    return isFirst(dataFormat) ? i + 2 : i + 1;
  }

  /** The channels axis of a rank-{@code rank} input. */
  static int channelsAxis(String dataFormat, int rank) {
    return isFirst(dataFormat) ? 1 : rank - 1;
  }

  /** How the layer expects its inputs, for errors: e.g. {@code "(batch, channels, height, width)"}. */
  static String layout(String dataFormat, int spatialRank) {
    String spatial = switch (spatialRank) {
      case 1 -> "steps";
      case 2 -> "height, width";
      default -> "depth, height, width";
    };
    return isFirst(dataFormat) ? "(batch, channels, " + spatial + ")" : "(batch, " + spatial + ", channels)";
  }

  /** {@code shape} in channels-last order. */
  static Shape lastShape(String dataFormat, Shape shape) {
    if (!isFirst(dataFormat)) {
      return shape;
    }
    long[] dims = shape.asArray();
    long[] moved = new long[dims.length];
    moved[0] = dims[0];
    System.arraycopy(dims, 2, moved, 1, dims.length - 2);
    moved[dims.length - 1] = dims[1];
    return Shape.of(moved);
  }

  /** {@code x} channels-last: moves a channels-first input's channels to the end; others are unchanged. */
  static KerasTensor toLast(String dataFormat, KerasTensor x) {
    if (!isFirst(dataFormat)) {
      return x;
    }
    int rank = x.rank();
    int[] perm = new int[rank];
    for (int i = 1; i < rank - 1; i++) {
      perm[i] = i + 1;
    }
    perm[rank - 1] = 1;
    return Ops.transpose(x, perm);
  }

  /** The channels-last {@code x} back in {@code dataFormat}. */
  static KerasTensor fromLast(String dataFormat, KerasTensor x) {
    if (!isFirst(dataFormat)) {
      return x;
    }
    int rank = x.rank();
    int[] perm = new int[rank];
    perm[1] = rank - 1;
    for (int i = 2; i < rank; i++) {
      perm[i] = i - 1;
    }
    return Ops.transpose(x, perm);
  }
}
