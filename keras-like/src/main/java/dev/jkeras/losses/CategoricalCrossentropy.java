package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Cross-entropy between one-hot targets and predicted class probabilities (or logits). */
public class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;
  private double labelSmoothing;
  private int axis = -1;

  public CategoricalCrossentropy() {
    this(false);
  }

  public CategoricalCrossentropy(boolean fromLogits) {
    this(fromLogits, "categorical_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CategoricalCrossentropy(boolean fromLogits, String name) {
    super(name);
    this.fromLogits = fromLogits;
  }

  /**
   * Keras's {@code label_smoothing=}: targets mix in this fraction of the uniform distribution (y * (1 - s) + s / classes).
   */
  public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = Crossentropy.checkSmoothing("CategoricalCrossentropy", labelSmoothing);
    return this;
  }

  /** Keras's {@code axis=}: the class axis (default -1). */
  public CategoricalCrossentropy axis(int axis) {
    this.axis = axis;
    return this;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  public int axis() {
    return axis;
  }

  public static CategoricalCrossentropy fromConfig(Config config) {
    return withSavedReduction(config, new CategoricalCrossentropy(config.getBoolean("from_logits", false),
        nameFrom(config, "categorical_crossentropy")).labelSmoothing(config.getDouble("label_smoothing", 0.0))
        .axis(config.getInt("axis", -1)));
  }

  /** Keras's config: name, reduction, from_logits, label_smoothing, axis. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("from_logits", fromLogits);
    config.put("label_smoothing", labelSmoothing);
    config.put("axis", axis);
    return config;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.SAME_SHAPE;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Crossentropy.smoothCategorical(matchTargets(yTrue, yPred), labelSmoothing);
    return Crossentropy.categorical(target, yPred, fromLogits, axis);
  }
}
