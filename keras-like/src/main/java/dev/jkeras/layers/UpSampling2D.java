package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Locale;
import java.util.Map;

/**
 * Enlarges images, as {@code keras.layers.UpSampling2D}: inputs {@code (batch, h, w, channels)} become
 * {@code (batch, h * size[0], w * size[1], channels)}; the default size is {@code (2, 2)}.
 * {@code "nearest"} (the default) repeats rows and columns; {@code "bilinear"} interpolates between
 * pixel centres as Keras's {@code ops.image.resize} does (edges take the nearest pixel).
 */
public class UpSampling2D extends Layer {
  private final int[] size;
  private String dataFormat = "channels_last";
  private String interpolation = "nearest";

  /** One factor for both axes, or {@code height, width}; none gives Keras's default {@code (2, 2)}. */
  public UpSampling2D(int... size) {
    this.size = ConvArguments.tuple(name(), "size", 2, false, size.length == 0 ? new int[] {2} : size);
  }

  /** {@code "nearest"} (the default) or {@code "bilinear"}. */
  public UpSampling2D interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    String value = interpolation == null ? "" : interpolation.toLowerCase(Locale.ROOT);
    if (!value.equals("nearest") && !value.equals("bilinear")) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": interpolation \"" + interpolation + "\" is not "
          + "supported; jkeras's UpSampling2D supports \"nearest\" and \"bilinear\" (Keras also has bicubic, "
          + "lanczos3, lanczos5, area)");
    }
    this.interpolation = value;
    return this;
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public UpSampling2D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public UpSampling2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public UpSampling2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "UpSampling2D", inputShape, 4, DataFormat.layout(dataFormat, 2));
    Shape last = DataFormat.lastShape(dataFormat, inputShape);
    if (interpolation.equals("bilinear") && (last.get(1) == Shape.UNKNOWN || last.get(2) == Shape.UNKNOWN)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (UpSampling2D, bilinear) needs a known height and "
          + "width, got input shape " + inputShape);
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    if (interpolation.equals("bilinear")) {
      KerasTensor x = DataFormat.toLast(dataFormat, inputs);
      return DataFormat.fromLast(dataFormat, interpolate(interpolate(x, 1, size[0]), 2, size[1]));
    }
    return Ops.repeat(Ops.repeat(inputs, size[0], DataFormat.spatialAxis(dataFormat, 0)), size[1],
        DataFormat.spatialAxis(dataFormat, 1));
  }

  /** Bilinear resizing of {@code axis} by {@code factor}: a matrix product with the interpolation weights. */
  private static KerasTensor interpolate(KerasTensor x, int axis, int factor) {
    int length = Math.toIntExact(x.shape().get(axis));
    int[] toFront = {axis, 0, 3 - axis, 3};
    int[] back = axis == 1 ? toFront : new int[] {1, 2, 0, 3};
    long[] rest = {-1, x.shape().get(3 - axis), x.shape().get(3)};
    KerasTensor front = Ops.reshape(Ops.transpose(x, toFront), length, -1);
    KerasTensor resized = Ops.matmul(Ops.convertToTensor(weights(length, factor)), front);
    KerasTensor shaped = Ops.reshape(resized, (long) length * factor, rest[0], rest[1], rest[2]);
    return Ops.transpose(shaped, back);
  }

  /**
   * The {@code (length * factor, length)} weights of half-pixel bilinear interpolation: output
   * {@code o} samples the input at {@code (o + 0.5) / factor - 0.5}, clamped to the edge pixels.
   */
  private static org.tensorflow.ndarray.FloatNdArray weights(int length, int factor) {
    org.tensorflow.ndarray.FloatNdArray weights =
        org.tensorflow.ndarray.NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of((long) length * factor, length));
    for (int o = 0; o < length * factor; o++) {
      double source = Math.min(Math.max((o + 0.5) / factor - 0.5, 0), length - 1);
      int low = (int) Math.floor(source);
      int high = Math.min(low + 1, length - 1);
      double fraction = source - low;
      weights.setFloat(weights.getFloat(o, low) + (float) (1 - fraction), o, low);
      weights.setFloat(weights.getFloat(o, high) + (float) fraction, o, high);
    }
    return weights;
  }

  public static UpSampling2D fromConfig(Config config) {
    return new UpSampling2D(ConvArguments.ints(config, "size", new int[] {2}))
        .dataFormat(config.getString("data_format", "channels_last"))
        .interpolation(config.getString("interpolation", "nearest"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("size", ConvArguments.list(size));
    config.put("data_format", dataFormat);
    config.put("interpolation", interpolation);
    return config;
  }
}
