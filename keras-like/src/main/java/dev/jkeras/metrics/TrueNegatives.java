package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code TrueNegatives}: the weighted number of true negatives at each threshold (0.5 by default). */
public class TrueNegatives extends ConfusionMatrixConditionCount {
  public TrueNegatives() {
    this("true_negatives");
  }

  public TrueNegatives(String name) {
    super(name);
  }

  @Override
  int outcome() {
    return 2;
  }

  public static TrueNegatives fromConfig(Config config) {
    return configure(new TrueNegatives(config.getString("name", "true_negatives")), config);
  }
}
