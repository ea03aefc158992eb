package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Zero steps at the start and end of sequences, as {@code keras.layers.ZeroPadding1D}: inputs
 * {@code (batch, steps, features)} become {@code (batch, left + steps + right, features)}; the default
 * pads 1 on each side.
 */
public class ZeroPadding1D extends Layer {
  private final int[] padding;
  private String dataFormat = "channels_last";

  /** The same number of steps on both sides, or {@code left, right}. */
  public ZeroPadding1D(int... padding) {
    this.padding = ConvArguments.tuple(name(), "padding", 2, true, padding.length == 0 ? new int[] {1} : padding);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public ZeroPadding1D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public ZeroPadding1D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ZeroPadding1D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "ZeroPadding1D", inputShape, 3, DataFormat.layout(dataFormat, 1));
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return DataFormat.isFirst(dataFormat)
        ? Ops.pad(inputs, new int[][] {{0, 0}, {0, 0}, padding.clone()})
        : Ops.pad(inputs, new int[][] {{0, 0}, padding.clone(), {0, 0}});
  }

  public static ZeroPadding1D fromConfig(Config config) {
    return new ZeroPadding1D(ConvArguments.ints(config, "padding", new int[] {1}))
        .dataFormat(config.getString("data_format", "channels_last"));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("padding", ConvArguments.list(padding));
    config.put("data_format", dataFormat);
    return config;
  }
}
