package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.metrics.Mean;
import dev.jkeras.trainers.adapters.DataSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one {@code compile} gives a model: the loss tracker, the {@link CompileLoss} and
 * {@link CompileMetrics}, and the train, test and reset steps traced once per data signature. Each
 * step is traced inside a {@link StepState}, which collects every update it makes (layers', the
 * optimizer's, the metrics'), so one session run does them all.
 */
final class CompiledSteps {
  private final TrainableModel model;
  private final Object buildLock;
  private final CompileConfig config;
  private final Mean lossTracker = new Mean("loss");
  private CompileLoss compileLoss;
  private CompileMetrics compileMetrics;
  private final Map<DataSignature, Steps> traced = new HashMap<>();
  /** The step being traced (under the build lock), or null. */
  private TracedStep current;

  /** The traced steps and the names of the values the train and test steps return. */
  record Steps(GraphFunction train, List<String> trainNames, GraphFunction test, List<String> testNames,
      GraphFunction reset) {}

  /** A step being traced: its state scope and its batch's sample weights (null for none). */
  private record TracedStep(StepState state, KerasTensor sampleWeight) {}

  /** The logs a step returns (names and tensors) and the updates it runs. */
  private record StepOutputs(List<String> names, List<KerasTensor> values, List<Update> updates) {}

  CompiledSteps(TrainableModel model, Object buildLock, CompileConfig config) {
    this.model = model;
    this.buildLock = buildLock;
    this.config = config;
  }

  CompileConfig config() {
    return config;
  }

  /** The compiled loss (and metrics); the output names are read from the model once, on first use. */
  CompileLoss compileLoss() {
    synchronized (buildLock) {
      if (compileLoss == null) {
        List<String> names = model.outputNames();
        CompileLoss loss = new CompileLoss(config.lossesByOutput().apply(names),
            config.lossWeightsByOutput().apply(names), names);
        compileMetrics = new CompileMetrics(config.metrics(), config.weightedMetrics(), config.metricsByOutput(), names);
        compileLoss = loss;
      }
      return compileLoss;
    }
  }

  private CompileMetrics compileMetrics() {
    compileLoss();
    return compileMetrics;
  }

  /** Forgets the traced steps; the next use traces them again. */
  void invalidate() {
    synchronized (buildLock) {
      traced.clear();
    }
  }

  /** The steps for data of this signature, traced on first use (one thread at a time traces). */
  Steps steps(DataSignature signature) {
    synchronized (buildLock) {
      return traced.computeIfAbsent(signature, this::trace);
    }
  }

  private Steps trace(DataSignature signature) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      StepInputs in = StepInputs.trace(graph, signature, model.inputDtypes(signature.xTypes().size()));
      StepOutputs train = traceStep(graph, () -> model.trainStep(in.xs(), in.ys()), in.sampleWeight());
      StepOutputs test = traceStep(graph, () -> model.testStep(in.xs(), in.ys()), in.sampleWeight());
      List<Update> resets = new ArrayList<>(lossTracker.resetState());
      compileLoss().metrics().forEach(t -> resets.addAll(t.resetState()));
      resets.addAll(compileMetrics().resetState());
      GraphFunction reset = graph.function(List.of(), List.of(), List.of(graph.group(resets)));
      return new Steps(graph.function(in.placeholders(), train.values(), train.updates()), train.names(),
          graph.function(in.placeholders(), test.values(), test.updates()), test.names(), reset);
    });
  }

  private StepOutputs traceStep(ModelGraph graph, Supplier<Map<String, KerasTensor>> step, KerasTensor sampleWeight) {
    try (StepState state = StepState.open(graph)) {
      current = new TracedStep(state, sampleWeight);
      Map<String, KerasTensor> logs = step.get();
      if (logs == null || logs.isEmpty()) {
        throw new IllegalStateException("trainStep/testStep of model '" + model.name()
            + "' returned no logs; return computeMetrics(...)");
      }
      List<String> names = List.copyOf(logs.keySet());
      List<KerasTensor> values = names.stream().map(logs::get).toList();
      return new StepOutputs(names, values, state.updates());
    } finally {
      current = null;
    }
  }

  private TracedStep requireStep() {
    if (current == null) {
      throw new IllegalStateException("This is usable only inside trainStep or testStep");
    }
    return current;
  }

  /** The compiled loss of each output, weighted and summed, plus the layers' regularization losses. */
  KerasTensor computeLoss(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    CompileLoss loss = compileLoss();
    loss.checkStructure(ys, yPreds);
    compileMetrics().build(ys, yPreds);
    KerasTensor sampleWeight = current == null ? null : current.sampleWeight();
    return loss.call(ys, yPreds, sampleWeight, model.regularizationLosses());
  }

  /**
   * Applies gradients with the compiled optimizer, as part of the step being traced; then, as
   * Keras's optimizer does, replaces each updated variable that has a constraint by its
   * constrained value, read after the update.
   */
  void applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    if (variables.isEmpty()) {
      return;
    }
    TracedStep step = requireStep();
    Update update = config.optimizer().applyGradients(gradients, variables);
    Map<Variable, Constraint> constraints = model.constraints();
    for (Variable variable : variables) {
      Constraint constraint = constraints.get(variable);
      if (constraint != null) {
        StepState.record(step.state().graph().after(List.of(update),
            () -> variable.assign(constraint.apply(variable.value()))));
      }
    }
  }

  /** Folds this batch into the loss tracker and the metrics; returns the logs, read after every update. */
  Map<String, KerasTensor> computeMetrics(List<KerasTensor> ys, List<KerasTensor> yPreds, KerasTensor loss) {
    TracedStep step = requireStep();
    CompileMetrics metrics = compileMetrics();
    metrics.build(ys, yPreds);
    lossTracker.updateWeighted(loss, CompileLoss.batchSize(yPreds.get(0)));
    metrics.updateState(ys, yPreds, step.sampleWeight());
    return StepState.afterUpdates(() -> {
      Map<String, KerasTensor> results = new LinkedHashMap<>();
      results.put("loss", lossTracker.result());
      compileLoss().metrics().forEach(t -> results.put(t.name(), t.result()));
      results.putAll(metrics.result());
      return results;
    });
  }
}
