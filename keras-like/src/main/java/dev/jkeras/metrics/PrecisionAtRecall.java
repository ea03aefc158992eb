package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/** Keras's {@code PrecisionAtRecall}: the best precision where recall is at least {@code recall}. */
public class PrecisionAtRecall extends SensitivitySpecificityBase {
  public PrecisionAtRecall(double recall) {
    this(recall, "precision_at_recall");
  }

  public PrecisionAtRecall(double recall, String name) {
    super(name, "recall", recall);
  }

  @Override
  protected KerasTensor compute() {
    return maxUnderConstraint(recalls(), precisions());
  }

  public static PrecisionAtRecall fromConfig(Config config) {
    if (!config.has("recall")) {
      throw new IllegalArgumentException("A saved PrecisionAtRecall needs 'recall' in its config, got " + config);
    }
    return configure(new PrecisionAtRecall(config.getDouble("recall", 0), config.getString("name", "precision_at_recall")), config);
  }
}
