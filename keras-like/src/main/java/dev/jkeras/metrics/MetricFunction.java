package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;

/** A metric as a lambda: per-sample values from targets and predictions. */
@FunctionalInterface
public interface MetricFunction {
  KerasTensor apply(KerasTensor yTrue, KerasTensor yPred);
}
