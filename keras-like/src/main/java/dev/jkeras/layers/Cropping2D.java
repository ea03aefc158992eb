package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Removes rows and columns at the edges of images, as {@code keras.layers.Cropping2D}: inputs
 * {@code (batch, height, width, channels)} (or channels-first); the default crops nothing. Height and width must
 * be known.
 */
public class Cropping2D extends Layer {
  private final int[][] cropping;
  private String dataFormat = "channels_last";

  /** {@code ((top, bottom), (left, right))}. */
  public Cropping2D(int[][] cropping) {
    if (cropping.length != 2) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": `cropping` should have two elements, "
          + "((top, bottom), (left, right)), got " + Arrays.deepToString(cropping));
    }
    this.cropping = new int[][] {
        ConvArguments.tuple(name(), "1st entry of cropping", 2, true, cropping[0]),
        ConvArguments.tuple(name(), "2nd entry of cropping", 2, true, cropping[1])};
  }

  /** {@code height} rows at the top and bottom, {@code width} columns at the left and right. */
  public Cropping2D(int height, int width) {
    this(new int[][] {{height, height}, {width, width}});
  }

  /** The same cropping on every side. */
  public Cropping2D(int cropping) {
    this(cropping, cropping);
  }

  /** No cropping, Keras's default. */
  public Cropping2D() {
    this(0);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public Cropping2D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public Cropping2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Cropping2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "Cropping2D", inputShape, 4, DataFormat.layout(dataFormat, 2));
    for (int axis = 0; axis < 2; axis++) {
      long size = inputShape.get(DataFormat.spatialAxis(dataFormat, axis));
      String what = axis == 0 ? "height" : "width";
      if (size == Shape.UNKNOWN) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping2D) needs a known " + what + ", got "
            + "input shape " + inputShape + ". Give the model's Input a fixed size.");
      }
      if (cropping[axis][0] + (long) cropping[axis][1] >= size) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" (Cropping2D): `cropping` "
            + Arrays.deepToString(cropping) + " must leave at least one row and column, got input shape " + inputShape
            + ". Crop less, or give larger images.");
      }
    }
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = DataFormat.toLast(dataFormat, inputs);
    int height = Math.toIntExact(x.shape().get(1) - cropping[0][0] - cropping[0][1]);
    int width = Math.toIntExact(x.shape().get(2) - cropping[1][0] - cropping[1][1]);
    return DataFormat.fromLast(dataFormat, Ops.cropImages(x, cropping[0][0], cropping[1][0], height, width));
  }

  public static Cropping2D fromConfig(Config config) {
    Object saved = config.get("cropping");
    Cropping2D layer;
    if (saved == null) {
      layer = new Cropping2D();
    } else if (saved instanceof Number) {
      layer = new Cropping2D(config.getInt("cropping", 0));
    } else if (saved instanceof List<?> pairs && pairs.size() == 2) {
      int[][] values = new int[2][];
      for (int i = 0; i < 2; i++) {
        Object pair = pairs.get(i);
        Config entry = new Config("Cropping2D", Map.of("cropping", pair == null ? List.of() : pair));
        values[i] = pair instanceof Number ? new int[] {entry.getInt("cropping", 0)} : entry.getIntArray("cropping");
      }
      layer = new Cropping2D(values);
    } else {
      throw new IllegalArgumentException("The saved config of Cropping2D has cropping " + saved
          + ", expected ((top, bottom), (left, right))");
    }
    return layer.dataFormat(config.getString("data_format", "channels_last"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("cropping", List.of(ConvArguments.list(cropping[0]), ConvArguments.list(cropping[1])));
    config.put("data_format", dataFormat);
    return config;
  }
}
