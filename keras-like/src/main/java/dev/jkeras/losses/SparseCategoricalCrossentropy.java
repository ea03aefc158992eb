package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.saving.Config;
import java.util.Map;
import dev.jkeras.ops.Ops;

/**
 * Cross-entropy between integer labels and predicted class probabilities (or logits with
 * {@code fromLogits}).
 */
public class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  public SparseCategoricalCrossentropy() {
    this(false);
  }

  public SparseCategoricalCrossentropy(boolean fromLogits) {
    this(fromLogits, "sparse_categorical_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public SparseCategoricalCrossentropy(boolean fromLogits, String name) {
    super(name);
    this.fromLogits = fromLogits;
  }

  public static SparseCategoricalCrossentropy fromConfig(Config config) {
    Object ignoreClass = config.get("ignore_class");
    if (ignoreClass != null) {
      throw new IllegalArgumentException("SparseCategoricalCrossentropy(ignore_class=" + ignoreClass + ") is not "
          + "supported: jkeras has no ignore_class. Drop those samples or give them a sample weight of 0.");
    }
    return new SparseCategoricalCrossentropy(config.getBoolean("from_logits", false),
        nameFrom(config, "sparse_categorical_crossentropy"));
  }

  /** Keras's config: name, reduction, from_logits, and the defaults of the options jkeras lacks. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("from_logits", fromLogits);
    config.put("ignore_class", null);
    return config;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.SPARSE;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.shape().get(-1) == 1) {
      labels = Ops.squeeze(labels, -1);
    }
    int classes = Math.toIntExact(yPred.shape().get(-1));
    KerasTensor oneHot = Ops.oneHot(labels, classes, yPred.dtype());
    return Crossentropy.categorical(oneHot, yPred, fromLogits);
  }
}
