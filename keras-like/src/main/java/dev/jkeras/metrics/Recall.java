package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/**
 * Keras's {@code Recall}: true positives over actual positives, streamed over batches (a
 * prediction above the threshold, 0.5 by default, is a positive).
 */
public class Recall extends ThresholdMetric {
  public Recall() {
    this("recall");
  }

  public Recall(String name) {
    super(name);
  }

  @Override
  String errorName() {
    return "false_negatives";
  }

  @Override
  KerasTensor error(KerasTensor[] counts) {
    return counts[3];
  }

  public static Recall fromConfig(Config config) {
    return configure(new Recall(config.getString("name", "recall")), config);
  }
}
