package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code Hinge} metric: the mean hinge loss ({@link dev.jkeras.losses.Hinge}) over the samples seen. */
public class Hinge extends LossMetric {
  public Hinge() {
    this("hinge");
  }

  public Hinge(String name) {
    super(name, new dev.jkeras.losses.Hinge());
  }

  public static Hinge fromConfig(Config config) {
    return new Hinge(config.getString("name", "hinge"));
  }
}
