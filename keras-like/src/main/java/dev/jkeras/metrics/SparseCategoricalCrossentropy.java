package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Keras's {@code SparseCategoricalCrossentropy} metric: the mean cross-entropy of integer labels. Targets of
 * {@code ignoreClass} count as 0, and (with sample weights) not at all, as in Keras.
 */
public class SparseCategoricalCrossentropy extends LossMetric {
  private final boolean fromLogits;
  private final Integer ignoreClass;
  private final int axis;

  public SparseCategoricalCrossentropy() {
    this("sparse_categorical_crossentropy");
  }

  public SparseCategoricalCrossentropy(String name) {
    this(name, false, null, -1);
  }

  /** The metric with Keras's {@code from_logits=}, {@code ignore_class=} (null for none) and {@code axis=}. */
  public SparseCategoricalCrossentropy(String name, boolean fromLogits, Integer ignoreClass, int axis) {
    super(name, new dev.jkeras.losses.SparseCategoricalCrossentropy(fromLogits).ignoreClass(ignoreClass).axis(axis));
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
    this.axis = axis;
  }

  public static SparseCategoricalCrossentropy fromConfig(Config config) {
    Integer ignore = config.get("ignore_class") == null ? null : config.getInt("ignore_class", 0);
    return new SparseCategoricalCrossentropy(config.getString("name", "sparse_categorical_crossentropy"),
        config.getBoolean("from_logits", false), ignore, config.getInt("axis", -1));
  }

  @Override
  void options(Map<String, Object> config) {
    config.put("from_logits", fromLogits);
    config.put("ignore_class", ignoreClass);
    config.put("axis", axis);
  }
}
