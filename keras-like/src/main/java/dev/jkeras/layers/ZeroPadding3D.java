package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Zeros around volumes, as {@code keras.layers.ZeroPadding3D}: inputs {@code (batch, depth, height, width, channels)}
 * (or channels-first); the default pads 1 on every side.
 */
public class ZeroPadding3D extends Layer {
  private final int[][] padding;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  /** {@code ((front, back), (top, bottom), (left, right))}; an entry of one value pads both sides alike. */
  public ZeroPadding3D(int[][] padding) {
    this.padding = SidePairs.of(name(), "padding", 3, padding);
  }

  /** {@code depth}, {@code height} and {@code width} on both sides of their axes. */
  public ZeroPadding3D(int depth, int height, int width) {
    this(SidePairs.symmetric(depth, height, width));
  }

  /** The same padding on every side. */
  public ZeroPadding3D(int padding) {
    this(SidePairs.uniform(3, padding));
  }

  /** One on every side, Keras's default. */
  public ZeroPadding3D() {
    this(1);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public ZeroPadding3D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public ZeroPadding3D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ZeroPadding3D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "ZeroPadding3D", inputShape, 5, DataFormat.layout(dataFormat, 3));
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    int[][] widths = new int[5][];
    for (int axis = 0; axis < 5; axis++) {
      widths[axis] = new int[] {0, 0};
    }
    for (int i = 0; i < 3; i++) {
      widths[DataFormat.spatialAxis(dataFormat, i)] = padding[i].clone();
    }
    return Ops.pad(inputs, widths);
  }

  public static ZeroPadding3D fromConfig(Config config) {
    int[][] saved = SidePairs.fromConfig(config, "padding", 3, "ZeroPadding3D");
    return (saved == null ? new ZeroPadding3D() : new ZeroPadding3D(saved))
        .dataFormat(config.getString("data_format", DataFormat.CHANNELS_LAST));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("padding", SidePairs.list(padding));
    config.put("data_format", dataFormat);
    return config;
  }
}
