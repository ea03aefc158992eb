package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.layers.StateUpdates;
import dev.jkeras.losses.Loss;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled model's steps, traced once per data signature into the model's graph: the train step
 * (forward, loss, gradients, fused optimizer update and metric updates in one session run), the
 * test step and the metric reset.
 *
 * <p>Each step takes the whole data set as fed tensors and the indices of one batch; the batch is
 * gathered inside the graph, so nothing per batch is copied in Java.
 */
final class Trainer {
  private final Model model;
  private final CompileOptions options;
  private final Mean lossTracker = new Mean("loss");
  private List<Loss> losses;
  private double[] lossWeights;
  private List<Mean> outputLossTrackers;
  private List<Metric> metrics;
  /** The compiled weighted metrics, updated with the sample weights. */
  private List<Metric> weightedMetrics;
  /** The names the weighted metrics are logged under ({@code weighted_<name>} on a clash). */
  private List<String> weightedNames;
  /** The batch's sample weights while a weighted step is traced, else null. */
  private KerasTensor batchSampleWeight;

  private final Map<Signature, Steps> traced = new HashMap<>();

  /** The dtypes and sample shapes of the inputs and targets a set of steps was traced for. */
  record Signature(List<DType> xTypes, List<Shape> xSamples, List<DType> yTypes, List<Shape> ySamples,
      boolean weighted) {}

  /** The traced steps and the names of the values the train and test steps return. */
  record Steps(GraphFunction train, List<String> trainNames, GraphFunction test, List<String> testNames,
      GraphFunction reset) {}

  CompileOptions options() {
    return options;
  }

  Trainer(Model model, CompileOptions options) {
    this.model = model;
    this.options = options;
  }

  Optimizer optimizer() {
    return options.optimizer();
  }

  /** The loss of each output; known once the model's outputs are. */
  List<Loss> losses() {
    if (losses == null) {
      losses = options.lossesFor(model.outputNames());
      lossWeights = options.weightsFor(model.outputNames());
    }
    return losses;
  }

  /** Forgets the traced steps; the next use traces them again. */
  void invalidate() {
    model.whileBuilding(() -> {
      traced.clear();
      return null;
    });
  }

  /** The steps for data of this signature, traced on first use (one thread at a time traces). */
  Steps steps(Signature wanted) {
    return model.whileBuilding(() -> traced.computeIfAbsent(wanted, this::trace));
  }

  private Steps trace(Signature sig) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      List<KerasTensor> placeholders = new ArrayList<>();
      for (int i = 0; i < sig.xTypes().size(); i++) {
        placeholders.add(graph.placeholder("x", sig.xTypes().get(i), sig.xSamples().get(i).prepend(Shape.UNKNOWN)));
      }
      for (int i = 0; i < sig.yTypes().size(); i++) {
        placeholders.add(graph.placeholder("y", sig.yTypes().get(i), sig.ySamples().get(i).prepend(Shape.UNKNOWN)));
      }
      int dataCount = placeholders.size();
      KerasTensor weights = sig.weighted()
          ? graph.placeholder("sample_weight", DType.FLOAT32, Shape.of(Shape.UNKNOWN)) : null;
      if (weights != null) {
        placeholders.add(weights);
      }
      KerasTensor indices = graph.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
      List<KerasTensor> inputs = new ArrayList<>(placeholders);
      inputs.add(indices);
      int xCount = sig.xTypes().size();
      List<KerasTensor> xs = model.batchInputs(placeholders.subList(0, xCount), indices);
      List<KerasTensor> ys = placeholders.subList(xCount, dataCount).stream()
          .map(y -> Ops.take(y, indices)).toList();
      KerasTensor batchWeights = weights == null ? null : Ops.take(weights, indices);

      StepOutputs train = traceStep(() -> model.trainStep(xs, ys), batchWeights);
      StepOutputs test = traceStep(() -> model.testStep(xs, ys), batchWeights);
      List<Update> resets = new ArrayList<>(lossTracker.resetState());
      outputLossTrackers.forEach(t -> resets.addAll(t.resetState()));
      metrics.forEach(m -> resets.addAll(m.resetState()));
      weightedMetrics.forEach(m -> resets.addAll(m.resetState()));
      GraphFunction reset = graph.function(List.of(), List.of(), List.of(graph.group(resets)));
      return new Steps(graph.function(inputs, train.values(), train.updates()), train.names(),
          graph.function(inputs, test.values(), test.updates()), test.names(), reset);
    });
  }

  /**
   * The logs a step returns (names and tensors) and the updates it runs; logs from
   * {@link #computeMetrics} are read after the updates, others whenever TensorFlow schedules them.
   */
  private record StepOutputs(List<String> names, List<KerasTensor> values, List<Update> updates) {}

  /** The updates of the step being traced, which its logs are read after. */
  private List<Update> pending;

  private StepOutputs traceStep(java.util.function.Supplier<Map<String, KerasTensor>> step,
      KerasTensor sampleWeight) {
    pending = new ArrayList<>();
    batchSampleWeight = sampleWeight;
    try {
      StateUpdates.Collected<Map<String, KerasTensor>> collected = StateUpdates.collect(step);
      pending.addAll(collected.updates());
      Map<String, KerasTensor> logs = collected.value();
      if (logs == null || logs.isEmpty()) {
        throw new IllegalStateException("trainStep/testStep of model '" + model.name()
            + "' returned no logs; return computeMetrics(...)");
      }
      List<String> names = List.copyOf(logs.keySet());
      List<KerasTensor> values = names.stream().map(logs::get).toList();
      return new StepOutputs(names, values, List.copyOf(pending));
    } finally {
      pending = null;
      batchSampleWeight = null;
    }
  }

  private List<Update> pending() {
    if (pending == null) {
      throw new IllegalStateException("This is usable only inside trainStep or testStep");
    }
    return pending;
  }

  /** The compiled loss of each output, weighted and summed, plus the layers' regularization losses. */
  KerasTensor computeLoss(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    if (yPreds.size() != ys.size()) {
      throw new IllegalArgumentException("The model has " + yPreds.size() + " outputs " + model.outputNames()
          + " but " + ys.size() + " targets were given");
    }
    List<Loss> outputLosses = losses();
    if (metrics == null) {
      resolveMetrics(ys, yPreds);
    }
    lastOutputLosses = new ArrayList<>();
    KerasTensor total = null;
    for (int i = 0; i < yPreds.size(); i++) {
      // With sample weights, each output's loss is their weighted sum over the batch size, as in Keras.
      KerasTensor value = outputLosses.get(i).apply(ys.get(i), yPreds.get(i), batchSampleWeight);
      lastOutputLosses.add(value);
      KerasTensor weighted = lossWeights[i] == 1.0 ? value : Ops.multiply(value, lossWeights[i]);
      total = total == null ? weighted : Ops.add(total, weighted);
    }
    for (KerasTensor penalty : model.losses()) {
      total = Ops.add(total, penalty);
    }
    return total;
  }

  /** The per-output losses of the last {@link #computeLoss} in this trace. */
  private List<KerasTensor> lastOutputLosses = List.of();

  /**
   * Applies gradients with the compiled optimizer, as part of the step being traced; then, as
   * Keras's optimizer does, replaces each updated variable that has a constraint by its
   * constrained value, read after the update.
   */
  void applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    if (variables.isEmpty()) {
      return;
    }
    Update update = optimizer().applyGradients(gradients, variables);
    pending().add(update);
    Map<Variable, Constraint> constraints = model.constraints();
    for (Variable variable : variables) {
      Constraint constraint = constraints.get(variable);
      if (constraint != null) {
        pending().add(model.graph().after(List.of(update),
            () -> variable.assign(constraint.apply(variable.value()))));
      }
    }
  }

  /** Folds this batch into the loss trackers and metrics; returns their values after it. */
  Map<String, KerasTensor> computeMetrics(List<KerasTensor> ys, List<KerasTensor> yPreds, KerasTensor loss) {
    if (metrics == null) {
      resolveMetrics(ys, yPreds);
    }
    List<Update> updates = pending();
    KerasTensor batchSize = Ops.cast(Ops.take(Ops.shape(yPreds.get(0)), Ops.scalar(0, DType.INT32)), DType.FLOAT32);
    updates.addAll(lossTracker.updateWeighted(loss, batchSize));
    for (int i = 0; i < outputLossTrackers.size() && i < lastOutputLosses.size(); i++) {
      updates.addAll(outputLossTrackers.get(i).updateWeighted(lastOutputLosses.get(i), batchSize));
    }
    int perOutputMetrics = metrics.size() / yPreds.size();
    for (int m = 0; m < metrics.size(); m++) {
      int output = m / perOutputMetrics;
      updates.addAll(metrics.get(m).updateState(ys.get(output), yPreds.get(output)));
    }
    int perOutputWeighted = weightedMetrics.size() / yPreds.size();
    for (int m = 0; m < weightedMetrics.size(); m++) {
      int output = m / perOutputWeighted;
      updates.addAll(weightedMetrics.get(m).updateState(ys.get(output), yPreds.get(output), batchSampleWeight));
    }
    return model.graph().after(updates, () -> {
      Map<String, KerasTensor> results = new java.util.LinkedHashMap<>();
      results.put("loss", lossTracker.result());
      outputLossTrackers.forEach(t -> results.put(t.name(), t.result()));
      metrics.forEach(m -> results.put(m.name(), m.result()));
      for (int m = 0; m < weightedMetrics.size(); m++) {
        results.put(weightedNames.get(m), weightedMetrics.get(m).result());
      }
      return results;
    });
  }

  /** Metrics for each output, named {@code <output>_<metric>} when there are several outputs. */
  private void resolveMetrics(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    List<String> outputNames = model.outputNames();
    boolean multi = yPreds.size() > 1;
    outputLossTrackers = new ArrayList<>();
    if (multi) {
      outputNames.forEach(name -> outputLossTrackers.add(new Mean(name + "_loss")));
    }
    List<Metric> resolved = resolve(options.metrics(), ys, yPreds);
    List<Metric> weighted = resolve(options.weightedMetrics(), ys, yPreds);
    java.util.Set<String> taken = new java.util.HashSet<>();
    resolved.forEach(m -> taken.add(m.name()));
    List<String> names = new ArrayList<>();
    for (int m = 0; m < weighted.size(); m++) {
      String name = weighted.get(m).name();
      if (taken.contains(name)) {
        // As Keras: a weighted metric whose name an unweighted one has is logged as weighted_<name>.
        int output = m / Math.max(1, weighted.size() / yPreds.size());
        String bare = multi ? name.substring(outputNames.get(output).length() + 1) : name;
        name = multi ? outputNames.get(output) + "_weighted_" + bare : "weighted_" + name;
      }
      taken.add(name);
      names.add(name);
    }
    metrics = resolved;
    weightedMetrics = weighted;
    weightedNames = names;
  }

  /** The metrics {@code specs} name or hold, for each output, named {@code <output>_<metric>} with several outputs. */
  private List<Metric> resolve(List<Object> specs, List<KerasTensor> ys, List<KerasTensor> yPreds) {
    List<String> outputNames = model.outputNames();
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
}
