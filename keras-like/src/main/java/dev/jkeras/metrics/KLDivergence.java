package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code KLDivergence} metric: the mean Kullback-Leibler divergence ({@link dev.jkeras.losses.KLDivergence}) over the samples seen. */
public class KLDivergence extends LossMetric {
  public KLDivergence() {
    this("kl_divergence");
  }

  public KLDivergence(String name) {
    super(name, new dev.jkeras.losses.KLDivergence());
  }

  public static KLDivergence fromConfig(Config config) {
    return new KLDivergence(config.getString("name", "kl_divergence"));
  }
}
