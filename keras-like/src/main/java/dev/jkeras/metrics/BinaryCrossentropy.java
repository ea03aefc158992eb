package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.Map;

/** Keras's {@code BinaryCrossentropy} metric: the mean binary cross-entropy over the samples seen. */
public class BinaryCrossentropy extends LossMetric {
  private final boolean fromLogits;
  private final double labelSmoothing;

  public BinaryCrossentropy() {
    this("binary_crossentropy");
  }

  public BinaryCrossentropy(String name) {
    this(name, false, 0);
  }

  /** The metric with Keras's {@code from_logits=} and {@code label_smoothing=}. */
  public BinaryCrossentropy(String name, boolean fromLogits, double labelSmoothing) {
    super(name, new dev.jkeras.losses.BinaryCrossentropy(fromLogits).labelSmoothing(labelSmoothing));
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  public static BinaryCrossentropy fromConfig(Config config) {
    return new BinaryCrossentropy(config.getString("name", "binary_crossentropy"),
        config.getBoolean("from_logits", false), config.getDouble("label_smoothing", 0));
  }

  @Override
  void options(Map<String, Object> config) {
    config.put("from_logits", fromLogits);
    config.put("label_smoothing", labelSmoothing);
  }
}
