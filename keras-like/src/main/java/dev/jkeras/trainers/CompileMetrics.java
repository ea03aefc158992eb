package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Update;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled metrics (Keras's {@code CompileMetrics}): the metrics and the weighted metrics of each
 * output, built from the first batch's target and prediction shapes (a name such as
 * {@code "accuracy"} resolves to the variant those shapes call for). With several outputs each is
 * logged as {@code <output>_<metric>} (a metric object under its own name after the prefix); a weighted metric whose name an unweighted one already has is
 * logged as {@code weighted_<name>} ({@code <output>_weighted_<name>}), as Keras names them.
 */
public final class CompileMetrics {
  private final List<List<Object>> specsByOutput;
  private final List<List<Object>> weightedSpecsByOutput;
  private final List<String> outputNames;
  /** Whether {@link #specsByOutput} is one list for all outputs (so an object there would be shared). */
  private final boolean sharedSpecs;
  private final boolean sharedWeightedSpecs;
  private List<Metric> metrics;
  private List<Integer> metricOutputs;
  private List<String> metricNames;
  private List<Metric> weightedMetrics;
  private List<Integer> weightedOutputs;
  private List<String> weightedNames;

  /**
   * Metric specs are names or {@link Metric}s, each applied to every output (objects only for
   * single-output models: give them by output with {@link #CompileMetrics(List, List, Map, List)}).
   */
  public CompileMetrics(List<Object> metrics, List<Object> weightedMetrics, List<String> outputNames) {
    this(metrics, weightedMetrics, Map.of(), Map.of(), outputNames);
  }

  /**
   * As Keras's {@code metrics={"main": ["mae", RootMeanSquaredError()]}} and {@code
   * weighted_metrics={"main": [...]}}: {@code metricsByOutput} and {@code weightedMetricsByOutput}
   * give each named output its own metrics (names or objects; an output not named gets none), in
   * place of {@code metrics} and {@code weightedMetrics} for all outputs.
   */
  public CompileMetrics(List<Object> metrics, List<Object> weightedMetrics, Map<String, List<Object>> metricsByOutput,
      Map<String, List<Object>> weightedMetricsByOutput, List<String> outputNames) {
    this.outputNames = List.copyOf(outputNames);
    this.specsByOutput = perOutput(metrics, metricsByOutput, outputNames, "metrics");
    this.sharedSpecs = metricsByOutput.isEmpty();
    this.weightedSpecsByOutput = perOutput(weightedMetrics, weightedMetricsByOutput, outputNames, "weightedMetrics");
    this.sharedWeightedSpecs = weightedMetricsByOutput.isEmpty();
  }

  /** The specs of each output: {@code all} for every one, or those {@code byOutput} names. */
  private static List<List<Object>> perOutput(List<Object> all, Map<String, List<Object>> byOutput,
      List<String> outputNames, String what) {
    List<List<Object>> specs = new ArrayList<>();
    if (byOutput.isEmpty()) {
      outputNames.forEach(name -> specs.add(List.copyOf(all)));
      return List.copyOf(specs);
    }
    if (!all.isEmpty()) {
      throw new IllegalArgumentException(what + " were given both for all outputs " + all + " and by output "
          + byOutput + "; give them one way");
    }
    for (String key : byOutput.keySet()) {
      if (!outputNames.contains(key)) {
        throw new IllegalArgumentException(what + "ByOutput names output '" + key + "', but the model's outputs are "
            + outputNames);
      }
    }
    outputNames.forEach(name -> specs.add(List.copyOf(byOutput.getOrDefault(name, List.of()))));
    return List.copyOf(specs);
  }

  public boolean isBuilt() {
    return metrics != null;
  }

  /** Resolves the metrics for targets and predictions like {@code ys} and {@code yPreds}; once. */
  public void build(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    if (isBuilt()) {
      return;
    }
    List<Metric> resolved = new ArrayList<>();
    List<Integer> outputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < yPreds.size(); i++) {
      resolve(specsByOutput.get(i), sharedSpecs, i, ys, yPreds, resolved, outputs, names, true);
    }
    List<Metric> weighted = new ArrayList<>();
    List<Integer> weightedAt = new ArrayList<>();
    List<String> bareWeighted = new ArrayList<>();
    for (int i = 0; i < yPreds.size(); i++) {
      resolve(weightedSpecsByOutput.get(i), sharedWeightedSpecs, i, ys, yPreds, weighted, weightedAt, bareWeighted,
          false);
    }
    Set<String> taken = new HashSet<>(names);
    List<String> weightedLogNames = new ArrayList<>();
    for (int m = 0; m < weighted.size(); m++) {
      String name = logName(weightedAt.get(m), bareWeighted.get(m), yPreds.size());
      if (taken.contains(name)) {
        name = logName(weightedAt.get(m), "weighted_" + bareWeighted.get(m), yPreds.size());
      }
      taken.add(name);
      weightedLogNames.add(name);
    }
    metrics = List.copyOf(resolved);
    metricOutputs = List.copyOf(outputs);
    metricNames = List.copyOf(names);
    weightedMetrics = List.copyOf(weighted);
    weightedOutputs = List.copyOf(weightedAt);
    weightedNames = List.copyOf(weightedLogNames);
  }

  /** Keras's log name of a metric: {@code <output>_<metric>} with several outputs. */
  private String logName(int output, String metricName, int outputCount) {
    return outputCount > 1 ? outputNames.get(output) + "_" + metricName : metricName;
  }

  /**
   * Resolves the specs of output {@code i} ({@code shared}: the same specs for every output) into
   * {@code resolved}, recording each one's output and
   * name ({@code logNames}: the log name; otherwise the bare metric name).
   */
  private void resolve(List<Object> specs, boolean shared, int i, List<KerasTensor> ys, List<KerasTensor> yPreds,
      List<Metric> resolved, List<Integer> outputs, List<String> names, boolean logNames) {
    boolean multi = yPreds.size() > 1;
    for (Object spec : specs) {
      Metric metric;
      if (spec instanceof Metric object) {
        if (multi && shared) {
          throw new IllegalArgumentException("The metric object " + object.name() + " would be shared by the outputs "
              + outputNames + " (its state would mix them); give metric objects by output: "
              + "c." + (logNames ? "metricsByOutput" : "weightedMetricsByOutput") + "(Map.of(\"" + outputNames.get(0)
              + "\", List.of(...)))");
        }
        metric = object;
      } else {
        String name = (String) spec;
        metric = Metrics.get(logName(i, name, yPreds.size()), name, ys.get(i).shape(), yPreds.get(i).shape());
      }
      String bare = spec instanceof Metric ? metric.name() : (String) spec;
      resolved.add(metric);
      outputs.add(i);
      names.add(logNames ? logName(i, bare, yPreds.size()) : bare);
    }
  }

  /**
   * Folds a batch into every metric (the weighted ones with {@code sampleWeight}, null for none);
   * inside a traced step the updates join it, and they are returned too.
   */
  public List<Update> updateState(List<KerasTensor> ys, List<KerasTensor> yPreds, KerasTensor sampleWeight) {
    build(ys, yPreds);
    List<Update> updates = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      int output = metricOutputs.get(m);
      updates.addAll(metrics.get(m).updateState(ys.get(output), yPreds.get(output)));
    }
    for (int m = 0; m < weightedMetrics.size(); m++) {
      int output = weightedOutputs.get(m);
      updates.addAll(weightedMetrics.get(m).updateState(ys.get(output), yPreds.get(output), sampleWeight));
    }
    return updates;
  }

  /** Each metric's value by its log name, unweighted ones first; empty before {@link #build}. */
  public Map<String, KerasTensor> result() {
    Map<String, KerasTensor> results = new LinkedHashMap<>();
    if (isBuilt()) {
      for (int m = 0; m < metrics.size(); m++) {
        results.put(metricNames.get(m), metrics.get(m).result());
      }
      for (int m = 0; m < weightedMetrics.size(); m++) {
        results.put(weightedNames.get(m), weightedMetrics.get(m).result());
      }
    }
    return results;
  }

  /** The updates that zero every metric's state. */
  public List<Update> resetState() {
    List<Update> resets = new ArrayList<>();
    if (isBuilt()) {
      metrics.forEach(m -> resets.addAll(m.resetState()));
      weightedMetrics.forEach(m -> resets.addAll(m.resetState()));
    }
    return resets;
  }

  /** The resolved metrics, unweighted first; empty before {@link #build}. */
  public List<Metric> metrics() {
    List<Metric> all = new ArrayList<>();
    if (isBuilt()) {
      all.addAll(metrics);
      all.addAll(weightedMetrics);
    }
    return all;
  }

  /** The log names of the metrics, unweighted first; empty before {@link #build}. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    if (isBuilt()) {
      names.addAll(metricNames);
      names.addAll(weightedNames);
    }
    return names;
  }
}
