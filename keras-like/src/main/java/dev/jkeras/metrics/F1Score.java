package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Keras's {@code F1Score}: the harmonic mean of precision and recall, {@link FBetaScore} with
 * {@code beta} 1 (its config has no {@code beta}, as Keras's).
 */
public class F1Score extends FBetaScore {
  public F1Score() {
    this("f1_score");
  }

  public F1Score(String name) {
    super(name);
  }

  /** F1 has beta 1; use {@link FBetaScore} for another. */
  @Override
  public F1Score beta(double beta) {
    if (beta != 1.0) {
      throw new IllegalArgumentException("Metric '" + name() + "': F1Score has beta 1, got " + beta
          + "; use new FBetaScore().beta(" + beta + ")");
    }
    return this;
  }

  @Override
  public F1Score average(String average) {
    super.average(average);
    return this;
  }

  @Override
  public F1Score threshold(double threshold) {
    super.threshold(threshold);
    return this;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.remove("beta");
    return config;
  }

  public static F1Score fromConfig(Config config) {
    return configure(new F1Score(config.getString("name", "f1_score")), config);
  }
}
