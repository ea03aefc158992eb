package dev.jkeras.losses;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Cross-entropy between integer labels and predicted class probabilities (or logits with
 * {@code fromLogits}). With {@link #ignoreClass(Integer)}, targets of that label (padding, "void"
 * pixels) get a loss of 0 and are left out of the mean, as in Keras.
 */
public class SparseCategoricalCrossentropy extends Loss {
  private final boolean fromLogits;
  private Integer ignoreClass;
  private int axis = -1;

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

  /** Keras's {@code ignore_class=}: the label whose targets count for nothing; null (the default) for none. */
  public SparseCategoricalCrossentropy ignoreClass(Integer ignoreClass) {
    this.ignoreClass = ignoreClass;
    return this;
  }

  /**
   * Keras's {@code axis=}: the class axis of the predictions (default -1). Keras's config leaves it out, so a
   * saved loss comes back with the last axis.
   */
  public SparseCategoricalCrossentropy axis(int axis) {
    this.axis = axis;
    return this;
  }

  public Integer ignoreClass() {
    return ignoreClass;
  }

  public int axis() {
    return axis;
  }

  public static SparseCategoricalCrossentropy fromConfig(Config config) {
    Integer ignore = config.get("ignore_class") == null ? null : config.getInt("ignore_class", 0);
    return withSavedReduction(config, new SparseCategoricalCrossentropy(config.getBoolean("from_logits", false),
        nameFrom(config, "sparse_categorical_crossentropy")).ignoreClass(ignore));
  }

  /** Keras's config: name, reduction, from_logits, ignore_class. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("from_logits", fromLogits);
    config.put("ignore_class", ignoreClass);
    return config;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public TargetRule targetRule() {
    return axis == -1 ? TargetRule.SPARSE : TargetRule.ANY;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    int along = yPred.shape().normalizeAxis(axis);
    KerasTensor predictions = along == yPred.rank() - 1 ? yPred : Ops.moveaxis(yPred, along, -1);
    KerasTensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.shape().get(along) == 1) {
      labels = Ops.squeeze(labels, along);
    }
    int classes = Math.toIntExact(predictions.shape().get(-1));
    if (ignoreClass == null) {
      return Crossentropy.categorical(Ops.oneHot(labels, classes, yPred.dtype()), predictions, fromLogits);
    }
    KerasTensor valid = Ops.notEqual(Ops.cast(labels, DType.INT32), Ops.scalar(ignoreClass, DType.INT32));
    KerasTensor kept = Ops.where(valid, Ops.cast(labels, DType.INT32), Ops.zeros(dev.jkeras.Shape.scalar(), DType.INT32));
    KerasTensor values = Crossentropy.categorical(Ops.oneHot(kept, classes, yPred.dtype()), predictions, fromLogits);
    return Ops.where(valid, values, Ops.zeros(dev.jkeras.Shape.scalar(), values.dtype())).withMask(valid);
  }
}
