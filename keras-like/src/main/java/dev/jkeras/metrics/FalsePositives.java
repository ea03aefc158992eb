package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code FalsePositives}: the weighted number of false positives at each threshold (0.5 by default). */
public class FalsePositives extends ConfusionMatrixConditionCount {
  public FalsePositives() {
    this("false_positives");
  }

  public FalsePositives(String name) {
    super(name);
  }

  @Override
  int outcome() {
    return 1;
  }

  public static FalsePositives fromConfig(Config config) {
    return configure(new FalsePositives(config.getString("name", "false_positives")), config);
  }
}
