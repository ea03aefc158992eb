package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Repeats each voxel {@code size} times along depth, height and width, as {@code keras.layers.UpSampling3D}: inputs
 * {@code (batch, depth, height, width, channels)} (or channels-first); the default size is {@code (2, 2, 2)}.
 */
public class UpSampling3D extends Layer {
  private final int[] size;
  private String dataFormat = DataFormat.CHANNELS_LAST;

  /** One factor for all axes, or {@code depth, height, width}; none gives Keras's default {@code (2, 2, 2)}. */
  public UpSampling3D(int... size) {
    this.size = ConvArguments.tuple(name(), "size", 3, false, size.length == 0 ? new int[] {2} : size);
  }

  /** {@code "channels_last"} (the default) or {@code "channels_first"}. */
  public UpSampling3D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = DataFormat.of(name(), dataFormat);
    return this;
  }

  @Override
  public UpSampling3D name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public UpSampling3D inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(Shape inputShape) {
    ConvArguments.requireRank(name(), "UpSampling3D", inputShape, 5, DataFormat.layout(dataFormat, 3));
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = inputs;
    for (int i = 0; i < 3; i++) {
      x = Ops.repeat(x, size[i], DataFormat.spatialAxis(dataFormat, i));
    }
    return x;
  }

  public static UpSampling3D fromConfig(Config config) {
    return new UpSampling3D(ConvArguments.ints(config, "size", new int[] {2}))
        .dataFormat(config.getString("data_format", DataFormat.CHANNELS_LAST));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("size", ConvArguments.list(size));
    config.put("data_format", dataFormat);
    return config;
  }
}
