package dev.jkeras.trainers;

import dev.jkeras.losses.Loss;
import dev.jkeras.optimizers.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code compile} was given, as the trainer uses it: the optimizer, the loss and loss weight
 * of each output (resolved against the output names once they are known), and the metric specs
 * (names or {@link dev.jkeras.metrics.Metric}s), unweighted (for all outputs, or by output name) and
 * weighted.
 */
public record CompileConfig(Optimizer optimizer, Function<List<String>, List<Loss>> lossesByOutput,
    Function<List<String>, double[]> lossWeightsByOutput, List<Object> metrics, List<Object> weightedMetrics,
    Map<String, List<Object>> metricsByOutput) {

  public CompileConfig {
    metrics = List.copyOf(metrics);
    weightedMetrics = List.copyOf(weightedMetrics);
    Map<String, List<Object>> byOutput = new LinkedHashMap<>();
    metricsByOutput.forEach((output, specs) -> byOutput.put(output, List.copyOf(specs)));
    metricsByOutput = java.util.Collections.unmodifiableMap(byOutput);
  }

  /** Metrics for all outputs, none by output. */
  public CompileConfig(Optimizer optimizer, Function<List<String>, List<Loss>> lossesByOutput,
      Function<List<String>, double[]> lossWeightsByOutput, List<Object> metrics, List<Object> weightedMetrics) {
    this(optimizer, lossesByOutput, lossWeightsByOutput, metrics, weightedMetrics, Map.of());
  }
}
