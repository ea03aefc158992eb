package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Cross-entropy between 0/1 targets and predicted probabilities (or logits). */
public class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;
  private double labelSmoothing;
  private int axis = -1;

  public BinaryCrossentropy() {
    this(false);
  }

  public BinaryCrossentropy(boolean fromLogits) {
    this(fromLogits, "binary_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public BinaryCrossentropy(boolean fromLogits, String name) {
    super(name);
    this.fromLogits = fromLogits;
  }

  /**
   * Keras's {@code label_smoothing=}: targets move towards {@code 0.5} by this fraction (y * (1 - s) + s / 2).
   */
  public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
    this.labelSmoothing = Crossentropy.checkSmoothing("BinaryCrossentropy", labelSmoothing);
    return this;
  }

  /** Keras's {@code axis=}: the axis the mean is taken over (default -1). */
  public BinaryCrossentropy axis(int axis) {
    this.axis = axis;
    return this;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  public int axis() {
    return axis;
  }

  public static BinaryCrossentropy fromConfig(Config config) {
    return withSavedReduction(config, new BinaryCrossentropy(config.getBoolean("from_logits", false),
        nameFrom(config, "binary_crossentropy")).labelSmoothing(config.getDouble("label_smoothing", 0.0))
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
    KerasTensor target = Crossentropy.smoothBinary(matchTargets(yTrue, yPred), labelSmoothing);
    return Crossentropy.binary(target, yPred, fromLogits, axis);
  }
}
