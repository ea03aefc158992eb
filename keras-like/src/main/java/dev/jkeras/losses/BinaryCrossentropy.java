package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Cross-entropy between 0/1 targets and predicted probabilities (or logits). */
public class BinaryCrossentropy extends CrossentropyLoss<BinaryCrossentropy> {

  public BinaryCrossentropy() {
    this(false);
  }

  public BinaryCrossentropy(boolean fromLogits) {
    this(fromLogits, "binary_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public BinaryCrossentropy(boolean fromLogits, String name) {
    super(name, fromLogits);
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
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.SAME_SHAPE;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Crossentropy.smoothBinary(matchTargets(yTrue, yPred), labelSmoothing());
    return Crossentropy.binary(target, yPred, fromLogits(), axis());
  }
}
