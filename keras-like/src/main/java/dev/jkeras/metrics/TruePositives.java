package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code TruePositives}: the weighted number of true positives at each threshold (0.5 by default). */
public class TruePositives extends ConfusionMatrixConditionCount {
  public TruePositives() {
    this("true_positives");
  }

  public TruePositives(String name) {
    super(name);
  }

  @Override
  int outcome() {
    return 0;
  }

  public static TruePositives fromConfig(Config config) {
    return configure(new TruePositives(config.getString("name", "true_positives")), config);
  }
}
