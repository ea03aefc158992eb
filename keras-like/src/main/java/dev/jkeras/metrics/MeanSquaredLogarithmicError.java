package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code MeanSquaredLogarithmicError} metric: the mean mean squared logarithmic error ({@link dev.jkeras.losses.MeanSquaredLogarithmicError}) over the samples seen. */
public class MeanSquaredLogarithmicError extends LossMetric {
  public MeanSquaredLogarithmicError() {
    this("mean_squared_logarithmic_error");
  }

  public MeanSquaredLogarithmicError(String name) {
    super(name, new dev.jkeras.losses.MeanSquaredLogarithmicError());
  }

  public static MeanSquaredLogarithmicError fromConfig(Config config) {
    return new MeanSquaredLogarithmicError(config.getString("name", "mean_squared_logarithmic_error"));
  }
}
