package dev.jkeras.initializers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Normal values; Keras's defaults are mean 0 and standard deviation 0.05. */
public final class RandomNormal implements Initializer {
  private final double mean;
  private final double stddev;
  private final long seed;

  public RandomNormal() {
    this(0, 0.05, 0);
  }

  public RandomNormal(double mean, double stddev, long seed) {
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
  }

  public static RandomNormal fromConfig(Config config) {
    return new RandomNormal(config.getDouble("mean", 0), config.getDouble("stddev", 0.05), config.getLong("seed", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("mean", mean);
    config.put("stddev", stddev);
    config.put("seed", seed == 0 ? null : seed);
    return config;
  }

  @Override
  public KerasTensor apply(Shape shape, DType dtype) {
    return Ops.randomNormal(shape, mean, stddev, dtype, seed);
  }
}
