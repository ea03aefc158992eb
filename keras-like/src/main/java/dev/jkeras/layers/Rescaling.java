package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/** {@code inputs * scale + offset}, e.g. {@code new Rescaling(1.0 / 255)} for pixels. */
public class Rescaling extends Layer {
  private final double scale;
  private final double offset;

  public Rescaling(double scale) {
    this(scale, 0);
  }

  public Rescaling(double scale, double offset) {
    this.scale = scale;
    this.offset = offset;
  }

  /** Passes the input's mask through, as Keras's {@code supports_masking = True}. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    return Ops.add(Ops.multiply(x, scale), offset);
  }

  public static Rescaling fromConfig(Config config) {
    return new Rescaling(config.getDouble("scale", 1), config.getDouble("offset", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("scale", scale);
    config.put("offset", offset);
    return config;
  }
}
