package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code CategoricalHinge} metric: the mean categorical hinge loss ({@link dev.jkeras.losses.CategoricalHinge}) over the samples seen. */
public class CategoricalHinge extends LossMetric {
  public CategoricalHinge() {
    this("categorical_hinge");
  }

  public CategoricalHinge(String name) {
    super(name, new dev.jkeras.losses.CategoricalHinge());
  }

  public static CategoricalHinge fromConfig(Config config) {
    return new CategoricalHinge(config.getString("name", "categorical_hinge"));
  }
}
