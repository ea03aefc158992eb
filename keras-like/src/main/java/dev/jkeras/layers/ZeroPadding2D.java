package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Zero rows and columns around images, as {@code keras.layers.ZeroPadding2D}: inputs
 * {@code (batch, height, width, channels)} (or channels-first); the default pads 1 on every side.
 */
public class ZeroPadding2D extends Layer {
  private final int[][] padding;
  private String dataFormat = "channels_last";

  /** {@code ((top, bottom), (left, right))}. */
  public ZeroPadding2D(int[][] padding) {
    if (padding.length != 2 || padding[0].length != 2 || padding[1].length != 2) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": `padding` must be ((top, bottom), (left, right)), "
          + "got " + Arrays.deepToString(padding));
    }
    this.padding = new int[][] {
        ConvArguments.tuple(name(), "padding", 2, true, padding[0]),
        ConvArguments.tuple(name(), "padding", 2, true, padding[1])};
  }

  /** {@code height} rows above and below, {@code width} columns left and right. */
  public ZeroPadding2D(int height, int width) {
    this(new int[][] {{height, height}, {width, width}});
  }

  /** The same padding on every side. */
  public ZeroPadding2D(int padding) {
    this(padding, padding);
  }

  /** One row or column on every side, Keras's default. */
  public ZeroPadding2D() {
    this(1);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public ZeroPadding2D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public ZeroPadding2D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ZeroPadding2D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "ZeroPadding2D", inputShape, 4, DataFormat.layout(dataFormat, 2));
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return DataFormat.isFirst(dataFormat)
        ? Ops.pad(inputs, new int[][] {{0, 0}, {0, 0}, padding[0].clone(), padding[1].clone()})
        : Ops.pad(inputs, new int[][] {{0, 0}, padding[0].clone(), padding[1].clone(), {0, 0}});
  }

  public static ZeroPadding2D fromConfig(Config config) {
    Object saved = config.get("padding");
    ZeroPadding2D layer;
    if (saved == null) {
      layer = new ZeroPadding2D();
    } else if (saved instanceof Number n) {
      layer = new ZeroPadding2D(config.getInt("padding", n.intValue()));
    } else if (saved instanceof List<?> pairs && pairs.size() == 2) {
      int[][] values = new int[2][];
      for (int i = 0; i < 2; i++) {
        Object pair = pairs.get(i);
        if (pair instanceof Number n) {
          values[i] = new int[] {n.intValue(), n.intValue()};
        } else if (pair instanceof List<?> list && list.size() == 2) {
          values[i] = new int[] {((Number) list.get(0)).intValue(), ((Number) list.get(1)).intValue()};
        } else {
          throw new IllegalArgumentException("The saved config of ZeroPadding2D has padding " + saved);
        }
      }
      layer = new ZeroPadding2D(values);
    } else {
      throw new IllegalArgumentException("The saved config of ZeroPadding2D has padding " + saved);
    }
    return layer.dataFormat(config.getString("data_format", "channels_last"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("padding", List.of(ConvArguments.list(padding[0]), ConvArguments.list(padding[1])));
    config.put("data_format", dataFormat);
    return config;
  }
}
