package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;

/**
 * Keras's {@code Precision}: true positives over predicted positives, streamed over batches (a
 * prediction above the threshold, 0.5 by default, is a positive).
 */
public class Precision extends ThresholdMetric {
  public Precision() {
    this("precision");
  }

  public Precision(String name) {
    super(name);
  }

  @Override
  String errorName() {
    return "false_positives";
  }

  @Override
  KerasTensor error(KerasTensor[] counts) {
    return counts[1];
  }

  public static Precision fromConfig(Config config) {
    return configure(new Precision(config.getString("name", "precision")), config);
  }
}
