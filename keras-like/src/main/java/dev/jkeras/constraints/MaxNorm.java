package dev.jkeras.constraints;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rescales the weights incident to each unit so their norm is at most {@code maxValue}:
 * {@code w * clip(norm, 0, maxValue) / (epsilon + norm)}, norms taken over {@code axis} (Keras's
 * defaults: {@code max_value=2}, {@code axis=0}, the input axis of a Dense kernel).
 */
public final class MaxNorm implements Constraint {
  private final double maxValue;
  private final int[] axis;

  /** {@code MaxNorm(max_value=2, axis=0)}. */
  public MaxNorm() {
    this(2, 0);
  }

  public MaxNorm(double maxValue) {
    this(maxValue, 0);
  }

  /** Norms over {@code axis} (several for a convolution kernel, e.g. {@code 0, 1, 2}). */
  public MaxNorm(double maxValue, int... axis) {
    if (!(maxValue >= 0)) {
      throw new IllegalArgumentException("MaxNorm max_value must be >= 0, got " + maxValue);
    }
    this.maxValue = maxValue;
    this.axis = Norms.check("MaxNorm", axis);
  }

  public double maxValue() {
    return maxValue;
  }

  @Override
  public KerasTensor apply(KerasTensor weight) {
    KerasTensor norms = Norms.of(weight, axis);
    KerasTensor desired = Ops.clip(norms, 0, maxValue);
    return Ops.multiply(weight, Ops.divide(desired, Ops.add(norms, Norms.EPSILON)));
  }

  public static MaxNorm fromConfig(Config config) {
    return new MaxNorm(config.getDouble("max_value", 2), Norms.read(config, 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("max_value", maxValue);
    config.put("axis", Norms.serialize(axis));
    return config;
  }

  @Override
  public String toString() {
    return "MaxNorm(max_value=" + maxValue + ", axis=" + Norms.serialize(axis) + ")";
  }
}
