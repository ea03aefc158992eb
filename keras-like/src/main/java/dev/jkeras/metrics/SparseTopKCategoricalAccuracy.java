package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code SparseTopKCategoricalAccuracy}: how often the integer label is among the {@code k} (5) top predictions. */
public class SparseTopKCategoricalAccuracy extends MeanMetricWrapper implements KerasSerializable {
  private final int k;

  public SparseTopKCategoricalAccuracy() {
    this(5);
  }

  public SparseTopKCategoricalAccuracy(int k) {
    this(k, "sparse_top_k_categorical_accuracy");
  }

  public SparseTopKCategoricalAccuracy(int k, String name) {
    super(name, (t, p) -> MetricFunctions.sparseTopKCategoricalAccuracy(t, p, k),
        dev.jkeras.losses.TargetRule.SPARSE_TOP_K);
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

  public static SparseTopKCategoricalAccuracy fromConfig(Config config) {
    if (config.getBoolean("from_sorted_ids", false)) {
      throw new IllegalArgumentException("SparseTopKCategoricalAccuracy with from_sorted_ids=True is not "
          + "supported by jkeras yet");
    }
    return new SparseTopKCategoricalAccuracy(config.getInt("k", 5),
        config.getString("name", "sparse_top_k_categorical_accuracy"));
  }
}
