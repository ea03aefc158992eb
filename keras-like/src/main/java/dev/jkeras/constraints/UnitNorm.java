package dev.jkeras.constraints;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Scales the weights incident to each unit to norm 1: {@code w / (epsilon + norm)}, norms over {@code axis} (default 0). */
public final class UnitNorm implements Constraint {
  private final int[] axis;

  public UnitNorm() {
    this(0);
  }

  public UnitNorm(int... axis) {
    this.axis = Norms.check("UnitNorm", axis);
  }

  @Override
  public KerasTensor apply(KerasTensor weight) {
    return Ops.divide(weight, Ops.add(Norms.of(weight, axis), Norms.EPSILON));
  }

  public static UnitNorm fromConfig(Config config) {
    return new UnitNorm(Norms.read(config, 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("axis", Norms.serialize(axis));
    return config;
  }
}
