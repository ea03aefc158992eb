package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import java.util.List;

/** The running mean of a per-sample function of targets and predictions (accuracy, mae, ...). */
public class MeanMetricWrapper extends Mean {
  private final MetricFunction function;

  public MeanMetricWrapper(String name, MetricFunction function) {
    super(name);
    this.function = function;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateValues(function.apply(yTrue, yPred));
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    return updateValues(function.apply(yTrue, yPred), sampleWeight);
  }
}
