package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code MeanAbsolutePercentageError} metric: the mean of {@code 100 * |y - ŷ| / max(|y|, ε)}. */
public class MeanAbsolutePercentageError extends MeanMetricWrapper implements KerasSerializable {
  public MeanAbsolutePercentageError() {
    this("mean_absolute_percentage_error");
  }

  public MeanAbsolutePercentageError(String name) {
    super(name, MetricFunctions::meanAbsolutePercentageError, dev.jkeras.losses.TargetRule.BROADCAST);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    return config;
  }

  public static MeanAbsolutePercentageError fromConfig(Config config) {
    return new MeanAbsolutePercentageError(config.getString("name", "mean_absolute_percentage_error"));
  }
}
