package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code Poisson} metric: the mean Poisson loss ({@link dev.jkeras.losses.Poisson}) over the samples seen. */
public class Poisson extends LossMetric {
  public Poisson() {
    this("poisson");
  }

  public Poisson(String name) {
    super(name, new dev.jkeras.losses.Poisson());
  }

  public static Poisson fromConfig(Config config) {
    return new Poisson(config.getString("name", "poisson"));
  }
}
