package dev.jkeras.constraints;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves the norm of the weights incident to each unit into {@code [minValue, maxValue]}:
 * {@code w * (rate * clip(norm, min, max) + (1 - rate) * norm) / (epsilon + norm)} (Keras's
 * defaults: {@code min_value=0}, {@code max_value=1}, {@code rate=1}, {@code axis=0}).
 */
public final class MinMaxNorm implements Constraint {
  private final double minValue;
  private final double maxValue;
  private final double rate;
  private final int[] axis;

  public MinMaxNorm() {
    this(0, 1, 1, 0);
  }

  public MinMaxNorm(double minValue, double maxValue, double rate, int... axis) {
    if (!(minValue <= maxValue)) {
      throw new IllegalArgumentException("MinMaxNorm needs min_value <= max_value, got " + minValue + ", " + maxValue);
    }
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
    this.axis = Norms.check("MinMaxNorm", axis);
  }

  @Override
  public KerasTensor apply(KerasTensor weight) {
    KerasTensor norms = Norms.of(weight, axis);
    KerasTensor desired = Ops.add(Ops.multiply(Ops.clip(norms, minValue, maxValue), rate),
        Ops.multiply(norms, 1 - rate));
    return Ops.multiply(weight, Ops.divide(desired, Ops.add(norms, Norms.EPSILON)));
  }

  public static MinMaxNorm fromConfig(Config config) {
    return new MinMaxNorm(config.getDouble("min_value", 0), config.getDouble("max_value", 1),
        config.getDouble("rate", 1), Norms.read(config, 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("min_value", minValue);
    config.put("max_value", maxValue);
    config.put("rate", rate);
    config.put("axis", Norms.serialize(axis));
    return config;
  }
}
