package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/** Keras's {@code RecallAtPrecision}: the best recall where precision is at least {@code precision}. */
public class RecallAtPrecision extends SensitivitySpecificityBase {
  public RecallAtPrecision(double precision) {
    this(precision, "recall_at_precision");
  }

  public RecallAtPrecision(double precision, String name) {
    super(name, "precision", precision);
  }

  @Override
  protected KerasTensor compute() {
    return maxUnderConstraint(precisions(), recalls());
  }

  public static RecallAtPrecision fromConfig(Config config) {
    if (!config.has("precision")) {
      throw new IllegalArgumentException("A saved RecallAtPrecision needs 'precision' in its config, got " + config);
    }
    return configure(new RecallAtPrecision(config.getDouble("precision", 0), config.getString("name", "recall_at_precision")), config);
  }
}
