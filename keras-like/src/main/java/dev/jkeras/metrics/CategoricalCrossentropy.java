package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.Map;

/** Keras's {@code CategoricalCrossentropy} metric: the mean categorical cross-entropy of one-hot targets. */
public class CategoricalCrossentropy extends LossMetric {
  private final boolean fromLogits;
  private final double labelSmoothing;
  private final int axis;

  public CategoricalCrossentropy() {
    this("categorical_crossentropy");
  }

  public CategoricalCrossentropy(String name) {
    this(name, false, 0, -1);
  }

  /** The metric with Keras's {@code from_logits=}, {@code label_smoothing=} and {@code axis=}. */
  public CategoricalCrossentropy(String name, boolean fromLogits, double labelSmoothing, int axis) {
    super(name, new dev.jkeras.losses.CategoricalCrossentropy(fromLogits).labelSmoothing(labelSmoothing).axis(axis));
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }

  public static CategoricalCrossentropy fromConfig(Config config) {
    return new CategoricalCrossentropy(config.getString("name", "categorical_crossentropy"),
        config.getBoolean("from_logits", false), config.getDouble("label_smoothing", 0), config.getInt("axis", -1));
  }

  @Override
  void options(Map<String, Object> config) {
    config.put("from_logits", fromLogits);
    config.put("label_smoothing", labelSmoothing);
    config.put("axis", axis);
  }
}
