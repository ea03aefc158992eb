package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.trainers.adapters.ArrayData;
import dev.jkeras.trainers.adapters.DataSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
  private final Map<ExecutionKey, GraphFunction> executions = new HashMap<>();
  private final Map<WholeKey, Whole> wholes = new java.util.concurrent.ConcurrentHashMap<>();
  /** The whole-array step last used, per mode (test, train) and reset (no, yes). */
  private final AtomicReferenceArray<RecentStep<Whole>> recent =
      new AtomicReferenceArray<>(4);
  private volatile long invalidations;
  /** The step being traced (under the build lock), or null. */
  private TracedStep current;
  private final TracedVersion version;

  /** The traced steps and the names of the values the train and test steps return. */
  record Steps(GraphFunction train, List<String> trainNames, GraphFunction test, List<String> testNames,
      GraphFunction reset) {}

  /** An execution of several train or test steps in one session run, for data of a signature. */
  private record ExecutionKey(DataSignature signature, boolean training, int steps, int batchSize) {}

  /**
   * A train or test step for data of a signature that fits one batch, fed whole; with {@code reset},
   * the metrics are reset first in the same session run.
   */
  private record WholeKey(DataSignature signature, boolean training, boolean reset) {}

  /** A step traced for whole arrays ({@link #whole}) and the names of the logs it returns. */
  record Whole(GraphFunction function, List<String> names) {}

  /** A step being traced: its state scope and its batch's sample weights (null for none). */
  private record TracedStep(StepState state, KerasTensor sampleWeight) {}

  /** The logs a step returns (names and tensors) and the updates it runs. */
  private record StepOutputs(List<String> names, List<KerasTensor> values, List<Update> updates) {}

  CompiledSteps(TrainableModel model, Object buildLock, CompileConfig config) {
    this.model = model;
    this.buildLock = buildLock;
    this.config = config;
    this.version = new TracedVersion(model);
  }

  /** Forgets the traced steps when the model's weights changed since they were traced. */
  private void forgetIfStale() {
    if (version.changed()) {
      invalidate();
    }
  }

  CompileConfig config() {
    return config;
  }

  /** The compiled loss (and metrics); the output names are read from the model once, on first use. */
  CompileLoss compileLoss() {
    synchronized (buildLock) {
      if (compileLoss == null) {
        List<String> names = model.outputNames();
        List<dev.jkeras.losses.Loss> losses = config.lossesByOutput().apply(names);
        CompileLoss loss = losses == null ? CompileLoss.none(model.name(), names)
            : new CompileLoss(losses, config.lossWeightsByOutput().apply(names), names);
        compileMetrics = new CompileMetrics(config.metrics(), config.weightedMetrics(), config.metricsByOutput(),
            config.weightedMetricsByOutput(), names);
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
      executions.clear();
      wholes.clear();
      // After the clears: a lookup that saw the old count may have found an old step, never a new count.
      invalidations++;
    }
  }

  /** True once a step was traced (so a reset step exists). */
  boolean tracedAny() {
    synchronized (buildLock) {
      return !traced.isEmpty();
    }
  }

  /** The reset step of any traced signature (they all zero the same variables). */
  GraphFunction anyReset() {
    synchronized (buildLock) {
      return traced.values().iterator().next().reset();
    }
  }

  /** The loss tracker, the per-output loss trackers and the compiled metrics (the latter once built). */
  List<Metric> metrics() {
    synchronized (buildLock) {
      List<Metric> all = new ArrayList<>();
      all.add(lossTracker);
      if (compileLoss != null) {
        all.addAll(compileLoss.metrics());
        all.addAll(compileMetrics.metrics());
      }
      return all;
    }
  }

  /** The steps for data of this signature, traced on first use (one thread at a time traces). */
  Steps steps(DataSignature signature) {
    synchronized (buildLock) {
      forgetIfStale();
      return traced.computeIfAbsent(signature, this::trace);
    }
  }

  /**
   * The train ({@code training}) or test function that runs {@code steps} batches in one session run
   * and returns the logs after the last; traced on first use for each number of steps and static
   * {@code batchSize} (-1: any batch size; one step of any size is the step of {@link #steps}).
   */
  GraphFunction execution(DataSignature signature, boolean training, int steps, int batchSize) {
    synchronized (buildLock) {
      Steps one = training ? steps(signature) : testable(signature);
      if (steps == 1 && batchSize < 0) {
        return training ? one.train() : one.test();
      }
      return executions.computeIfAbsent(new ExecutionKey(signature, training, steps, batchSize), this::traceExecution);
    }
  }

  /**
   * Traces the steps one after another in one function: each gathers its own batch, and each
   * (through {@link ModelGraph#nextStepAfter}) reads the variables after the previous step's updates,
   * so the execution trains as that many session runs of one step would.
   */
  private GraphFunction traceExecution(ExecutionKey key) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      List<StepInputs> inputs = StepInputs.traceExecution(graph, key.signature(),
          model.inputDtypes(key.signature().xTypes().size()), key.steps(), key.batchSize());
      List<Update> updates = new ArrayList<>();
      StepOutputs last = null;
      for (StepInputs in : inputs) {
        Supplier<StepOutputs> step = () -> traceStep(graph,
            key.training() ? () -> model.trainStep(in.xs(), in.ys()) : () -> model.testStep(in.xs(), in.ys()),
            in.sampleWeight());
        last = last == null ? step.get() : graph.nextStepAfter(last.updates(), step);
        updates.addAll(last.updates());
      }
      return graph.function(StepInputs.placeholdersOf(inputs), last.values(), updates);
    });
  }

  /**
   * The train ({@code training}) or test step for data of {@code signature} that fits one batch, its
   * arrays fed as they are (no batch indices, no gather); with {@code reset}, the step first zeroes
   * the metrics, as the reset step would, in the same session run. Traced on first use, after the
   * signature's steps (so that the metrics it resets are built); reading a traced one takes no lock.
   */
  Whole whole(DataSignature signature, boolean training, boolean reset) {
    forgetIfStale();
    WholeKey key = new WholeKey(signature, training, reset);
    Whole whole = wholes.get(key);
    if (whole != null) {
      return whole;
    }
    synchronized (buildLock) {
      if (training) {
        steps(signature);
      } else {
        testable(signature);
      }
      return wholes.computeIfAbsent(key, this::traceWhole);
    }
  }

  /**
   * {@link #whole} for the signature of {@code data}; arrays of the signature last used (in this mode)
   * find it without a lookup.
   */
  Whole whole(ArrayData data, boolean training, boolean reset) {
    forgetIfStale();
    long generation = invalidations;
    int slot = (training ? 1 : 0) + (reset ? 2 : 0);
    RecentStep<Whole> last = recent.get(slot);
    if (last != null && last.matches(data, training, generation)) {
      return last.step();
    }
    Whole step = whole(data.signature(), training, reset);
    recent.set(slot, new RecentStep<>(data, training, generation, step));
    return step;
  }

  private Whole traceWhole(WholeKey key) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      StepInputs in = StepInputs.whole(graph, key.signature(), model.inputDtypes(key.signature().xTypes().size()));
      Supplier<StepOutputs> step = () -> traceStep(graph,
          key.training() ? () -> model.trainStep(in.xs(), in.ys()) : () -> model.testStep(in.xs(), in.ys()),
          in.sampleWeight());
      StepOutputs out = key.reset() ? graph.nextStepAfter(List.of(graph.group(resetUpdates())), step) : step.get();
      return new Whole(graph.function(in.placeholders(), out.values(), out.updates()), out.names());
    });
  }

  /** The updates that zero the loss trackers, the compiled metrics and the metrics the model holds, traced now. */
  private List<Update> resetUpdates() {
    List<Update> resets = new ArrayList<>(lossTracker.resetState());
    compileLoss().metrics().forEach(t -> resets.addAll(t.resetState()));
    resets.addAll(compileMetrics().resetState());
    // As Keras's fit, every metric the model holds (a tracker a custom trainStep updates) is reset too.
    model.trackedMetrics().forEach(m -> resets.addAll(m.resetState()));
    return resets;
  }

  private Steps trace(DataSignature signature) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      StepInputs in = StepInputs.trace(graph, signature, model.inputDtypes(signature.xTypes().size()));
      StepOutputs train = traceStep(graph, () -> model.trainStep(in.xs(), in.ys()), in.sampleWeight());
      // Compiled without a loss (a custom trainStep), the test step is traced only when evaluated, as Keras does.
      StepOutputs test = compileLoss().hasLoss() ? traceTest(graph, in) : null;
      GraphFunction reset = graph.function(List.of(), List.of(), List.of(graph.group(resetUpdates())));
      return new Steps(graph.function(in.placeholders(), train.values(), train.updates()), train.names(),
          test == null ? null : graph.function(in.placeholders(), test.values(), test.updates()),
          test == null ? null : test.names(), reset);
    });
  }

  private StepOutputs traceTest(ModelGraph graph, StepInputs in) {
    return traceStep(graph, () -> model.testStep(in.xs(), in.ys()), in.sampleWeight());
  }

  /** The steps for data of this signature with the test step traced (a model compiled without a loss traces it now). */
  Steps testable(DataSignature signature) {
    synchronized (buildLock) {
      Steps steps = steps(signature);
      if (steps.test() != null) {
        return steps;
      }
      ModelGraph graph = model.graph();
      Steps withTest = graph.trace(() -> {
        StepInputs in = StepInputs.trace(graph, signature, model.inputDtypes(signature.xTypes().size()));
        StepOutputs test = traceTest(graph, in);
        return new Steps(steps.train(), steps.trainNames(),
            graph.function(in.placeholders(), test.values(), test.updates()), test.names(), steps.reset());
      });
      traced.put(signature, withTest);
      return withTest;
    }
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
    // A worker's empty slice of a short global batch contributes a zero loss (and zero gradients), not NaN.
    return CompileLoss.zeroWhenEmpty(loss.call(ys, yPreds, sampleWeight, model.regularizationLosses()),
        CompileLoss.batchSize(yPreds.get(0)));
  }

  /**
   * Applies gradients with the compiled optimizer, as part of the step being traced and after the
   * updates the layers made in it (under a {@link dev.jkeras.distribution.DataParallel} of several
   * workers, the mean of every worker's gradients, one packed all-reduce per dtype); then, as
   * Keras's optimizer does, replaces each updated variable that has a constraint by its
   * constrained value, read after the update.
   */
  void applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    if (variables.isEmpty()) {
      return;
    }
    TracedStep step = requireStep();
    dev.jkeras.distribution.DataParallel distribution = dev.jkeras.distribution.Distribution.distribution();
    if (distribution != null && distribution.numReplicasInSync() > 1) {
      // Data-parallel: every worker applies the mean of the workers' gradients, so all stay alike.
      gradients = dev.jkeras.ops.CollectiveOps.allReduceMean(gradients, distribution.packGradients());
    }
    // After the layers' updates of this step, as a step's statements run in order: a layer that
    // assigns a weight before using it (a pruning wrapper's weight * mask) has the optimizer update
    // the assigned value.
    List<KerasTensor> applied = gradients;
    Update update = StepState.afterUpdates(() -> config.optimizer().applyGradients(applied, variables));
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
    KerasTensor batchSize = CompileLoss.batchSize(yPreds.get(0));
    lossTracker.updateWeighted(CompileLoss.zeroWhenEmpty(loss, batchSize), batchSize);
    metrics.updateState(ys, yPreds, step.sampleWeight());
    Supplier<Map<String, KerasTensor>> logs = () -> StepState.afterUpdates(() -> {
      Map<String, KerasTensor> results = new LinkedHashMap<>();
      results.put("loss", lossTracker.result());
      compileLoss().metrics().forEach(t -> results.put(t.name(), t.result()));
      results.putAll(metrics.result());
      // As Keras 3's get_metrics_result: the metrics the model holds (a tracker updated in call) log too.
      model.trackedMetrics().forEach(m -> results.putIfAbsent(m.name(), m.result()));
      return results;
    });
    dev.jkeras.distribution.DataParallel distribution = dev.jkeras.distribution.Distribution.distribution();
    if (distribution == null || distribution.numReplicasInSync() < 2) {
      return logs.get();
    }
    // As MultiWorkerMirroredStrategy's metrics: every worker logs the results of the state (totals,
    // counts) summed over the workers, one packed all-reduce per step; each keeps its own state.
    List<Metric> logged = new ArrayList<>(metrics());
    model.trackedMetrics().forEach(m -> {
      if (!logged.contains(m)) {
        logged.add(m);
      }
    });
    return Metric.readingStateAs(logged, dev.jkeras.ops.CollectiveOps::allReduceSum, logs);
  }
}
