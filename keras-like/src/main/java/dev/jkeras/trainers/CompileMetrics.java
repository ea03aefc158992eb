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
 * logged as {@code <output>_<metric>}; a weighted metric whose name an unweighted one already has is
 * logged as {@code weighted_<name>} ({@code <output>_weighted_<name>}), as Keras names them.
 */
public final class CompileMetrics {
  private final List<Object> metricSpecs;
  private final List<Object> weightedSpecs;
  private final List<String> outputNames;
  private List<Metric> metrics;
  private List<Metric> weightedMetrics;
  private List<String> weightedNames;

  /** Metric specs are names or {@link Metric}s (objects only for single-output models). */
  public CompileMetrics(List<Object> metrics, List<Object> weightedMetrics, List<String> outputNames) {
    this.metricSpecs = List.copyOf(metrics);
    this.weightedSpecs = List.copyOf(weightedMetrics);
    this.outputNames = List.copyOf(outputNames);
  }

  public boolean isBuilt() {
    return metrics != null;
  }

  /** Resolves the metrics for targets and predictions like {@code ys} and {@code yPreds}; once. */
  public void build(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    if (isBuilt()) {
      return;
    }
    boolean multi = yPreds.size() > 1;
    List<Metric> resolved = resolve(metricSpecs, ys, yPreds);
    List<Metric> weighted = resolve(weightedSpecs, ys, yPreds);
    Set<String> taken = new HashSet<>();
    resolved.forEach(m -> taken.add(m.name()));
    List<String> names = new ArrayList<>();
    int perOutput = Math.max(1, weighted.size() / yPreds.size());
    for (int m = 0; m < weighted.size(); m++) {
      String name = weighted.get(m).name();
      if (taken.contains(name)) {
        String output = outputNames.get(m / perOutput);
        String bare = multi ? name.substring(output.length() + 1) : name;
        name = multi ? output + "_weighted_" + bare : "weighted_" + name;
      }
      taken.add(name);
      names.add(name);
    }
    metrics = List.copyOf(resolved);
    weightedMetrics = List.copyOf(weighted);
    weightedNames = List.copyOf(names);
  }

  private List<Metric> resolve(List<Object> specs, List<KerasTensor> ys, List<KerasTensor> yPreds) {
    boolean multi = yPreds.size() > 1;
    List<Metric> resolved = new ArrayList<>();
    for (int i = 0; i < yPreds.size(); i++) {
      for (Object spec : specs) {
        if (spec instanceof Metric metric) {
          if (multi) {
            throw new IllegalArgumentException("Metric objects are supported for single-output models; "
                + "give metric names for models with outputs " + outputNames);
          }
          resolved.add(metric);
        } else {
          String name = (String) spec;
          String logName = multi ? outputNames.get(i) + "_" + name : name;
          resolved.add(Metrics.get(logName, name, ys.get(i).shape(), yPreds.get(i).shape()));
        }
      }
    }
    return resolved;
  }

  /**
   * Folds a batch into every metric (the weighted ones with {@code sampleWeight}, null for none);
   * inside a traced step the updates join it, and they are returned too.
   */
  public List<Update> updateState(List<KerasTensor> ys, List<KerasTensor> yPreds, KerasTensor sampleWeight) {
    build(ys, yPreds);
    List<Update> updates = new ArrayList<>();
    int perOutput = Math.max(1, metrics.size() / yPreds.size());
    for (int m = 0; m < metrics.size(); m++) {
      int output = m / perOutput;
      updates.addAll(metrics.get(m).updateState(ys.get(output), yPreds.get(output)));
    }
    int perOutputWeighted = Math.max(1, weightedMetrics.size() / yPreds.size());
    for (int m = 0; m < weightedMetrics.size(); m++) {
      int output = m / perOutputWeighted;
      updates.addAll(weightedMetrics.get(m).updateState(ys.get(output), yPreds.get(output), sampleWeight));
    }
    return updates;
  }

  /** Each metric's value by its log name, unweighted ones first; empty before {@link #build}. */
  public Map<String, KerasTensor> result() {
    Map<String, KerasTensor> results = new LinkedHashMap<>();
    if (isBuilt()) {
      metrics.forEach(m -> results.put(m.name(), m.result()));
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
      metrics.forEach(m -> names.add(m.name()));
      names.addAll(weightedNames);
    }
    return names;
  }
}
