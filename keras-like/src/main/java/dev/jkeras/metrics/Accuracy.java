package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.losses.TargetRule;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code Accuracy} class: how often predictions equal targets exactly (no threshold, no
 * arg-max; the string {@code "accuracy"} instead picks binary or categorical accuracy from the shapes).
 */
public class Accuracy extends MeanMetricWrapper implements KerasSerializable {
  public Accuracy() {
    this("accuracy");
  }

  public Accuracy(String name) {
    super(name, Accuracy::equalValues, TargetRule.BROADCAST);
  }

  /** 1 where the prediction equals the target, after Keras's squeeze-or-expand to the same rank. */
  static KerasTensor equalValues(KerasTensor yTrue, KerasTensor yPred) {
    KerasTensor[] same = MetricFunctions.sameRank(Ops.cast(yTrue, DType.FLOAT32), Ops.cast(yPred, DType.FLOAT32));
    return Ops.cast(Ops.equal(same[0], same[1]), DType.FLOAT32);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    return config;
  }

  public static Accuracy fromConfig(Config config) {
    return new Accuracy(config.getString("name", "accuracy"));
  }
}
