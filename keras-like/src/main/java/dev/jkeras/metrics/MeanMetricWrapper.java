package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.losses.TargetRule;
import java.util.List;

/**
 * The running mean of a per-sample function of targets and predictions (accuracy, mae, ...).
 *
 * <p>As in Keras, when {@code yPred} carries a {@linkplain KerasTensor#mask() mask} (a sequence
 * output over padded inputs), the mask weighs each step (multiplying any sample weights), so masked
 * steps count for nothing in the mean.
 */
public class MeanMetricWrapper extends Mean {
  private final MetricFunction function;
  private final TargetRule targetRule;

  /** A metric of a custom function, which takes targets of any shape. */
  public MeanMetricWrapper(String name, MetricFunction function) {
    this(name, function, TargetRule.ANY);
  }

  /** A metric of {@code function}, whose targets must fit the predictions under {@code targetRule}. */
  public MeanMetricWrapper(String name, MetricFunction function, TargetRule targetRule) {
    super(name);
    this.function = function;
    this.targetRule = targetRule;
  }

  @Override
  public TargetRule targetRule() {
    return targetRule;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    checkTargets(yTrue, yPred);
    KerasTensor values = function.apply(yTrue, yPred);
    KerasTensor mask = yPred.mask();
    if (mask == null || mask.rank() > values.rank()) {
      return updateValues(values, sampleWeight);
    }
    return updateValues(values, MaskWeights.apply(sampleWeight, mask));
  }
}
