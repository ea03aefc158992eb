package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Cross-entropy between one-hot targets and predicted class probabilities (or logits). */
public class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

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

  public static CategoricalCrossentropy fromConfig(Config config) {
    Crossentropy.requireDefaults(config, "CategoricalCrossentropy");
    return new CategoricalCrossentropy(config.getBoolean("from_logits", false),
        nameFrom(config, "categorical_crossentropy"));
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
    return Crossentropy.categorical(matchTargets(yTrue, yPred), yPred, fromLogits);
  }
}
