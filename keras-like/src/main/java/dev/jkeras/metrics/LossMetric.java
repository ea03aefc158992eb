package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.losses.Loss;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the metrics over a loss function share (issue 17): the running mean of the loss's per-sample
 * values, and a config of the name, the dtype and the options. As in Keras, a mask the loss puts on its
 * values (ignored classes) weighs them only when sample weights are given.
 */
abstract class LossMetric extends MeanMetricWrapper implements KerasSerializable {
  private final Loss loss;
  private final UnaryOperator<KerasTensor> sign;

  /** A metric of {@code sign} applied to the values of {@code loss} (a negation, or the identity). */
  LossMetric(String name, Loss loss, UnaryOperator<KerasTensor> sign) {
    super(name, (t, p) -> sign.apply(loss.call(t, p)), loss.targetRule());
    this.loss = loss;
    this.sign = sign;
  }

  LossMetric(String name, Loss loss) {
    this(name, loss, UnaryOperator.identity());
  }

  /** The loss whose values this metric averages. */
  Loss loss() {
    return loss;
  }

  @Override
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    if (sampleWeight == null) {
      return super.updateState(yTrue, yPred, null);
    }
    checkTargets(yTrue, yPred);
    KerasTensor values = loss.call(yTrue, yPred);
    KerasTensor weights = MaskWeights.apply(MaskWeights.apply(sampleWeight, yPred.mask()), values.mask());
    return updateValues(sign.apply(values.withMask(null)), weights);
  }

  /** Keras's config: the name, the dtype, then {@link #options}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    options(config);
    return config;
  }

  /** Adds the metric's options to its config. */
  void options(Map<String, Object> config) {}
}
