package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RootMeanSquaredError}: the square root of the (weighted) mean over samples of each
 * sample's mean squared error, streamed over batches.
 */
public class RootMeanSquaredError extends Mean implements KerasSerializable {
  public RootMeanSquaredError() {
    this("root_mean_squared_error");
  }

  public RootMeanSquaredError(String name) {
    super(name);
  }

  @Override
  public dev.jkeras.losses.TargetRule targetRule() {
    return dev.jkeras.losses.TargetRule.BROADCAST_PREDICTIONS_FIRST;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    return updateState(yTrue, yPred, null);
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    checkTargets(yTrue, yPred);
    KerasTensor[] same = MetricFunctions.sameRank(Ops.cast(yTrue, DType.FLOAT32), Ops.cast(yPred, DType.FLOAT32));
    KerasTensor target = same[0];
    KerasTensor pred = same[1];
    return updateValues(Ops.square(Ops.subtract(pred, target)), sampleWeight);
  }

  @Override
  protected KerasTensor compute() {
    return Ops.sqrt(super.compute());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    return config;
  }

  public static RootMeanSquaredError fromConfig(Config config) {
    return new RootMeanSquaredError(config.getString("name", "root_mean_squared_error"));
  }
}
