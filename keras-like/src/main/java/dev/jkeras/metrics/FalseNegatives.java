package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code FalseNegatives}: the weighted number of false negatives at each threshold (0.5 by default). */
public class FalseNegatives extends ConfusionMatrixConditionCount {
  public FalseNegatives() {
    this("false_negatives");
  }

  public FalseNegatives(String name) {
    super(name);
  }

  @Override
  int outcome() {
    return 3;
  }

  public static FalseNegatives fromConfig(Config config) {
    return configure(new FalseNegatives(config.getString("name", "false_negatives")), config);
  }
}
