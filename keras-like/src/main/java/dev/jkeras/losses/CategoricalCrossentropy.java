package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;

/** Cross-entropy between one-hot targets and predicted class probabilities (or logits). */
public class CategoricalCrossentropy extends CrossentropyLoss<CategoricalCrossentropy> {

  public CategoricalCrossentropy() {
    this(false);
  }

  public CategoricalCrossentropy(boolean fromLogits) {
    this(fromLogits, "categorical_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CategoricalCrossentropy(boolean fromLogits, String name) {
    super(name, fromLogits);
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
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.SAME_SHAPE;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Crossentropy.smoothCategorical(matchTargets(yTrue, yPred), labelSmoothing());
    return Crossentropy.categorical(target, yPred, fromLogits(), axis());
  }
}
