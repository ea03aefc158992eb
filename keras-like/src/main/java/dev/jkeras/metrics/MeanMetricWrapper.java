package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
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

  public MeanMetricWrapper(String name, MetricFunction function) {
    super(name);
    this.function = function;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    KerasTensor values = function.apply(yTrue, yPred);
    KerasTensor mask = yPred.mask();
    if (mask == null || mask.rank() > values.rank()) {
      return updateValues(values, sampleWeight);
    }
    return updateValues(values, MaskWeights.apply(sampleWeight, mask));
  }
}
