package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code TopKCategoricalAccuracy}: how often the one-hot target is among the {@code k} (5) top predictions. */
public class TopKCategoricalAccuracy extends MeanMetricWrapper implements KerasSerializable {
  private final int k;

  public TopKCategoricalAccuracy() {
    this(5);
  }

  public TopKCategoricalAccuracy(int k) {
    this(k, "top_k_categorical_accuracy");
  }

  public TopKCategoricalAccuracy(int k, String name) {
    super(name, (t, p) -> MetricFunctions.topKCategoricalAccuracy(t, p, k), dev.jkeras.losses.TargetRule.TOP_K);
    if (k <= 0) {
      throw new IllegalArgumentException("Metric '" + name + "': k must be positive, got " + k);
    }
    this.k = k;
  }

  public int k() {
    return k;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    config.put("k", k);
    return config;
  }

  public static TopKCategoricalAccuracy fromConfig(Config config) {
    return new TopKCategoricalAccuracy(config.getInt("k", 5), config.getString("name", "top_k_categorical_accuracy"));
  }
}
