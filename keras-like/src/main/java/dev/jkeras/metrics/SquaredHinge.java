package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code SquaredHinge} metric: the mean squared hinge loss ({@link dev.jkeras.losses.SquaredHinge}) over the samples seen. */
public class SquaredHinge extends LossMetric {
  public SquaredHinge() {
    this("squared_hinge");
  }

  public SquaredHinge(String name) {
    super(name, new dev.jkeras.losses.SquaredHinge());
  }

  public static SquaredHinge fromConfig(Config config) {
    return new SquaredHinge(config.getString("name", "squared_hinge"));
  }
}
