package dev.jkeras.metrics;

import dev.jkeras.saving.Config;

/** Keras's {@code LogCoshError} metric: the mean logarithm of the hyperbolic cosine of the error ({@link dev.jkeras.losses.LogCosh}) over the samples seen. */
public class LogCoshError extends LossMetric {
  public LogCoshError() {
    this("logcosh");
  }

  public LogCoshError(String name) {
    super(name, new dev.jkeras.losses.LogCosh());
  }

  public static LogCoshError fromConfig(Config config) {
    return new LogCoshError(config.getString("name", "logcosh"));
  }
}
