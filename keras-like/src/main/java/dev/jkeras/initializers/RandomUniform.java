package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uniform values in [minval, maxval); Keras's default range is [-0.05, 0.05). */
public final class RandomUniform implements Initializer {
  private final double minval;
  private final double maxval;
  private final long seed;

  public RandomUniform() {
    this(-0.05, 0.05, 0);
  }

  public RandomUniform(double minval, double maxval, long seed) {
    if (!(minval < maxval)) {
      throw new IllegalArgumentException("RandomUniform needs minval < maxval, got " + minval + ", " + maxval);
    }
    this.minval = minval;
    this.maxval = maxval;
    this.seed = seed;
  }

  public static RandomUniform fromConfig(Config config) {
    return new RandomUniform(config.getDouble("minval", -0.05), config.getDouble("maxval", 0.05), config.getLong("seed", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("minval", minval);
    config.put("maxval", maxval);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }

  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    return Ops.randomUniform(shape, minval, maxval, dtype, seed);
  }
}
