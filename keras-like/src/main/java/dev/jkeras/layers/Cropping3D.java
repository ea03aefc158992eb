package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.Map;

/**
 * Removes slices at the edges of volumes, as {@code keras.layers.Cropping3D}: inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first); the default crops 1 on every side. The
 * spatial sizes must be known.
 */
public class Cropping3D extends Layer {
  private final int[][] cropping;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  /** {@code ((front, back), (top, bottom), (left, right))}; an entry of one value crops both sides alike. */
  public Cropping3D(int[][] cropping) {
    this.cropping = SidePairs.of(name(), "cropping", 3, cropping);
  }

  /** {@code depth}, {@code height} and {@code width} on both sides of their axes. */
  public Cropping3D(int depth, int height, int width) {
    this(SidePairs.symmetric(depth, height, width));
  }

  /** The same cropping on every side. */
  public Cropping3D(int cropping) {
    this(SidePairs.uniform(3, cropping));
  }

  /** One on every side, Keras's default. */
  public Cropping3D() {
    this(1);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public Cropping3D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public Cropping3D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Cropping3D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "Cropping3D", inputShape, 5, DataFormat.layout(dataFormat, 3));
    if (inputShape.get(DataFormat.channelsAxis(dataFormat, 5)) == Shape.UNKNOWN) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping3D) needs a known number of channels, got "
          + "input shape " + inputShape);
    }
    for (int i = 0; i < 3; i++) {
      long size = inputShape.get(DataFormat.spatialAxis(dataFormat, i));
      if (size == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping3D) needs known spatial sizes, got input "
            + "shape " + inputShape + ". Give the model's Input a fixed size.");
      }
      if (cropping[i][0] + (long) cropping[i][1] >= size) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping3D): values in `cropping` "
            + Arrays.deepToString(cropping) + " should be smaller than the corresponding spatial dimension of the "
            + "input, got input shape " + inputShape + ". Crop less, or give larger inputs.");
      }
    }
  }

  /** Crops height and width as images of the depth slices, then the depth as the height of a one-column image. */
  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = DataFormat.toLast(dataFormat, inputs);
    long[] dims = x.shape().asArray();
    int[] size = new int[3];
    for (int i = 0; i < 3; i++) {
      size[i] = Math.toIntExact(dims[i + 1] - cropping[i][0] - cropping[i][1]);
    }
    KerasTensor slices = Ops.reshape(x, -1, dims[2], dims[3], dims[4]);
    KerasTensor planes = Ops.cropImages(slices, cropping[1][0], cropping[2][0], size[1], size[2]);
    KerasTensor columns = Ops.reshape(planes, -1, dims[1], 1, (long) size[1] * size[2] * dims[4]);
    KerasTensor cropped = Ops.cropImages(columns, cropping[0][0], 0, size[0], 1);
    return DataFormat.fromLast(dataFormat, Ops.reshape(cropped, -1, size[0], size[1], size[2], dims[4]));
  }

  public static Cropping3D fromConfig(Config config) {
    int[][] saved = SidePairs.fromConfig(config, "cropping", 3, "Cropping3D");
    return (saved == null ? new Cropping3D() : new Cropping3D(saved))
        .dataFormat(config.getString("data_format", DataFormat.CHANNELS_LAST));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("cropping", SidePairs.list(cropping));
    config.put("data_format", dataFormat);
    return config;
  }
}
