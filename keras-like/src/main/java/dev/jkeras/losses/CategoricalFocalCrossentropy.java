package dev.jkeras.losses;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Categorical cross-entropy of one-hot targets with each class's term scaled by {@code alpha * (1 -
 * p)^gamma} (Lin et al., 2018), which down-weights classes predicted confidently; summed over {@code axis}.
 */
public class CategoricalFocalCrossentropy extends FocalCrossentropyLoss<CategoricalFocalCrossentropy> {

  public CategoricalFocalCrossentropy() {
    this("categorical_focal_crossentropy");
  }

  /** Logged and saved as {@code name}, as Keras's {@code name=} argument. */
  public CategoricalFocalCrossentropy(String name) {
    super(name);
  }

  public static CategoricalFocalCrossentropy fromConfig(Config config) {
    return withSavedReduction(config, withSavedOptions(config,
        new CategoricalFocalCrossentropy(nameFrom(config, "categorical_focal_crossentropy"))));
  }

  /** Keras's config: name, reduction, from_logits, label_smoothing, axis, alpha, gamma. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    putAlphaGamma(config);
    return config;
  }

  @Override
  public TargetRule targetRule() {
    return TargetRule.BROADCAST;
  }

  @Override
  public KerasTensor call(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor target = Crossentropy.smoothCategorical(matchTargets(yTrue, yPred), labelSmoothing());
    KerasTensor output = yPred;
    int along = yPred.shape().normalizeAxis(axis());
    if (along != yPred.rank() - 1) {
      target = Ops.moveaxis(target, along, -1);
      output = Ops.moveaxis(output, along, -1);
    }
    if (fromLogits()) {
      output = Ops.softmax(output, -1);
    }
    output = Ops.divide(output, Ops.sum(output, new int[] {-1}, true));
    output = Ops.clip(output, EPSILON, 1 - EPSILON);
    KerasTensor crossentropy = Ops.negative(Ops.multiply(target, Ops.log(output)));
    KerasTensor factor = Ops.multiply(Ops.power(Ops.subtract(1.0, output), gamma()), alpha());
    return Ops.sum(Ops.multiply(factor, crossentropy), -1);
  }
}
