package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every element set to one value; {@code Zeros} and {@code Ones} are constants too. */
public final class Constant implements Initializer {
  private final double value;

  public Constant(double value) {
    this.value = value;
  }

  public double value() {
    return value;
  }

  public static Constant fromConfig(Config config) {
    return new Constant(config.getDouble("value", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("value", value);
    return config;
  }

  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    return Ops.full(shape, value, dtype);
  }
}
