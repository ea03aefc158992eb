package dev.jkeras.layers;

import dev.jkeras.Shape;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks and arithmetic shared by the convolution, pooling and reshaping layers: Keras's
 * {@code standardize_tuple}, {@code standardize_padding}, {@code standardize_data_format} and
 * {@code compute_conv_output_shape}, with errors that name the layer.
 */
final class ConvArguments {
  private ConvArguments() {}

  /** {@code values} as one value per spatial axis: a single value is repeated. */
  static int[] tuple(String layer, String argument, int rank, boolean allowZero, int... values) {
    int[] result = values.length == 1 ? filled(rank, values[0]) : values.clone();
    if (result.length != rank) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": `" + argument + "` must be an integer or a tuple of "
          + rank + " integers, got " + Arrays.toString(values));
    }
    for (int v : result) {
      if (v < 0 || v == 0 && !allowZero) {
        throw new IllegalArgumentException("Layer \"" + layer + "\": the `" + argument + "` argument must be a tuple of "
            + rank + " " + (allowZero ? "non-negative" : "positive") + " integers, got " + Arrays.toString(values));
      }
    }
    return result;
  }

  private static int[] filled(int rank, int value) {
    int[] result = new int[rank];
    Arrays.fill(result, value);
    return result;
  }

  /** The padding in lower case; {@code allowed} lists the values the layer accepts. */
  static String padding(String layer, String padding, String... allowed) {
    String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(p)) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": the `padding` argument must be one of "
          + Arrays.toString(allowed) + ", got \"" + padding + "\"");
    }
    return p;
  }

  /** Accepts {@code channels_last} (the default); {@code channels_first} is not supported by jkeras yet. */
  static String dataFormat(String layer, String dataFormat) {
    String f = dataFormat == null ? "channels_last" : dataFormat.toLowerCase(Locale.ROOT);
    if (f.equals("channels_first")) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": data_format=\"channels_first\" is not supported; "
          + "jkeras layers are channels-last (batch, ..., channels). Transpose the inputs (e.g. a Permute or "
          + "a reshape of the data) and use \"channels_last\".");
    }
    if (!f.equals("channels_last")) {
      throw new IllegalArgumentException("Layer \"" + layer + "\": the `data_format` argument must be one of "
          + "[channels_first, channels_last], got \"" + dataFormat + "\"");
    }
    return f;
  }

  /** Fails unless {@code shape} has {@code rank} axes, naming the layer and what it expects. */
  static void requireRank(String layer, String className, Shape shape, int rank, String layout) {
    if (shape.rank() != rank) {
      throw new IllegalArgumentException("Input 0 of layer \"" + layer + "\" (" + className + ") is incompatible with "
          + "the layer: expected ndim=" + rank + " " + layout + ", found ndim=" + shape.rank()
          + ". Full shape received: " + shape);
    }
  }

  /**
   * The spatial output sizes of a convolution or pooling window: {@code floor((n - d (k - 1) - 1) / s) + 1}
   * for "valid", {@code floor((n - 1) / s) + 1} for "same"; unknown stays unknown.
   *
   * @throws IllegalArgumentException when a "valid" output would be empty: the window is larger than the input
   */
  static long[] outputSizes(String layer, String className, Shape inputShape, int[] window, int[] strides,
      int[] dilation, String padding, String windowName) {
    int rank = window.length;
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long n = inputShape.get(1 + i);
      if (n == Shape.UNKNOWN) {
        out[i] = Shape.UNKNOWN;
      } else if (padding.equals("valid")) {
        out[i] = Math.floorDiv(n - (long) dilation[i] * (window[i] - 1) - 1, strides[i]) + 1;
      } else {
        out[i] = Math.floorDiv(n - 1, strides[i]) + 1;
      }
      if (n != Shape.UNKNOWN && out[i] <= 0) {
        throw new IllegalArgumentException("Layer \"" + layer + "\" (" + className + "): computed output size would be "
            + "zero or negative: the " + windowName + " " + Arrays.toString(window)
            + (Arrays.stream(dilation).anyMatch(d -> d > 1) ? " with dilation_rate " + Arrays.toString(dilation) : "")
            + " is larger than the input of shape " + inputShape + " (strides " + Arrays.toString(strides)
            + ", padding \"" + padding + "\"). Use padding=\"same\", a smaller " + windowName
            + " or larger inputs.");
      }
    }
    return out;
  }

  /** A tuple for a config: Keras writes tuples as lists. */
  static List<Integer> list(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  /** An integer or tuple config entry as an array (a bare integer is accepted too). */
  static int[] ints(Config config, String key, int[] fallback) {
    Object value = config.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return new int[] {config.getInt(key, n.intValue())};
    }
    return config.getIntArray(key);
  }
}
