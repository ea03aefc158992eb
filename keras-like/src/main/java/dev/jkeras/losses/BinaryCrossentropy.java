package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Cross-entropy between 0/1 targets and predicted probabilities (or logits). */
public class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;

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

  public static BinaryCrossentropy fromConfig(Config config) {
    Crossentropy.requireDefaults(config, "BinaryCrossentropy");
    return new BinaryCrossentropy(config.getBoolean("from_logits", false), nameFrom(config, "binary_crossentropy"));
  }

  /** Keras's config: name, reduction, from_logits, and the defaults of the options jkeras lacks. */
  @Override
  public Map<String, Object> getConfig() {
    return Crossentropy.withOptions(super.getConfig(), fromLogits);
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
    return Crossentropy.binary(matchTargets(yTrue, yPred), yPred, fromLogits);
  }
}
