package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/** Keras's {@code SensitivityAtSpecificity}: the best sensitivity (recall) where specificity is at least {@code specificity}. */
public class SensitivityAtSpecificity extends SensitivitySpecificityBase {
  public SensitivityAtSpecificity(double specificity) {
    this(specificity, "sensitivity_at_specificity");
  }

  public SensitivityAtSpecificity(double specificity, String name) {
    super(name, "specificity", specificity);
  }

  @Override
  protected KerasTensor compute() {
    return maxUnderConstraint(specificities(), recalls());
  }

  public static SensitivityAtSpecificity fromConfig(Config config) {
    if (!config.has("specificity")) {
      throw new IllegalArgumentException("A saved SensitivityAtSpecificity needs 'specificity' in its config, got " + config);
    }
    return configure(new SensitivityAtSpecificity(config.getDouble("specificity", 0), config.getString("name", "sensitivity_at_specificity")), config);
  }
}
