package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/** Keras's {@code SpecificityAtSensitivity}: the best specificity where sensitivity (recall) is at least {@code sensitivity}. */
public class SpecificityAtSensitivity extends SensitivitySpecificityBase {
  public SpecificityAtSensitivity(double sensitivity) {
    this(sensitivity, "specificity_at_sensitivity");
  }

  public SpecificityAtSensitivity(double sensitivity, String name) {
    super(name, "sensitivity", sensitivity);
  }

  @Override
  protected KerasTensor compute() {
    return maxUnderConstraint(recalls(), specificities());
  }

  public static SpecificityAtSensitivity fromConfig(Config config) {
    if (!config.has("sensitivity")) {
      throw new IllegalArgumentException("A saved SpecificityAtSensitivity needs 'sensitivity' in its config, got " + config);
    }
    return configure(new SpecificityAtSensitivity(config.getDouble("sensitivity", 0), config.getString("name", "specificity_at_sensitivity")), config);
  }
}
