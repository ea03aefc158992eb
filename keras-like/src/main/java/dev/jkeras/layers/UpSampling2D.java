package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Locale;
import java.util.Map;

/**
 * Repeats the rows and columns of images, as {@code keras.layers.UpSampling2D} with
 * {@code interpolation="nearest"}: inputs {@code (batch, h, w, channels)} become
 * {@code (batch, h * size[0], w * size[1], channels)}; the default size is {@code (2, 2)}.
 */
public class UpSampling2D extends Layer {
  private final int[] size;
  private String dataFormat = "channels_last";
  private String interpolation = "nearest";

  /** One factor for both axes, or {@code height, width}; none gives Keras's default {@code (2, 2)}. */
  public UpSampling2D(int... size) {
    this.size = ConvArguments.tuple(name(), "size", 2, false, size.length == 0 ? new int[] {2} : size);
  }

  /** Only {@code "nearest"} (the default) is supported so far. */
  public UpSampling2D interpolation(String interpolation) {
    checkNotBuilt("interpolation");
    String value = interpolation == null ? "" : interpolation.toLowerCase(Locale.ROOT);
    if (!value.equals("nearest")) {
      throw new IllegalArgumentException("Layer \"" + name() + "\": interpolation \"" + interpolation + "\" is not "
          + "supported; jkeras's UpSampling2D supports \"nearest\" (Keras also has bilinear, bicubic, lanczos3, "
          + "lanczos5, area)");
    }
    this.interpolation = value;
    return this;
  }

  /** Only {@code "channels_last"} (the default) is supported. */
  public UpSampling2D dataFormat(String dataFormat) {
    checkNotBuilt("dataFormat");
    this.dataFormat = ConvArguments.dataFormat(name(), dataFormat);
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
    ConvArguments.requireRank(name(), "UpSampling2D", inputShape, 4, "(batch, height, width, channels)");
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    return Ops.repeat(Ops.repeat(inputs, size[0], 1), size[1], 2);
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
