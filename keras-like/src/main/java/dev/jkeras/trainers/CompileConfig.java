package dev.jkeras.trainers;

import dev.jkeras.losses.Loss;
import dev.jkeras.optimizers.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code compile} was given, as the trainer uses it: the optimizer, the loss and loss weight
 * of each output (resolved against the output names once they are known), the metric specs
 * (names or {@link dev.jkeras.metrics.Metric}s), unweighted and weighted (each for all outputs, or by
 * output name), and the number of batches each session run of fit, evaluate and predict runs (Keras's
 * {@code steps_per_execution}).
 */
public record CompileConfig(Optimizer optimizer, Function<List<String>, List<Loss>> lossesByOutput,
    Function<List<String>, double[]> lossWeightsByOutput, List<Object> metrics, List<Object> weightedMetrics,
    Map<String, List<Object>> metricsByOutput, Map<String, List<Object>> weightedMetricsByOutput,
    int stepsPerExecution) {

  public CompileConfig {
    metrics = List.copyOf(metrics);
    weightedMetrics = List.copyOf(weightedMetrics);
    metricsByOutput = copied(metricsByOutput);
    weightedMetricsByOutput = copied(weightedMetricsByOutput);
    if (stepsPerExecution < 1) {
      throw new IllegalArgumentException("stepsPerExecution must be >= 1, got " + stepsPerExecution);
    }
  }

  /** Metrics for all outputs, none by output; one batch per session run. */
  public CompileConfig(Optimizer optimizer, Function<List<String>, List<Loss>> lossesByOutput,
      Function<List<String>, double[]> lossWeightsByOutput, List<Object> metrics, List<Object> weightedMetrics) {
    this(optimizer, lossesByOutput, lossWeightsByOutput, metrics, weightedMetrics, Map.of(), Map.of(), 1);
  }

  private static Map<String, List<Object>> copied(Map<String, List<Object>> byOutput) {
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    byOutput.forEach((output, specs) -> copy.put(output, List.copyOf(specs)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
