package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.backend.data.EndOfDataException;
import dev.jkeras.callbacks.CallbackList;
import dev.jkeras.losses.Loss;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.trainers.adapters.ArrayData;
import dev.jkeras.trainers.adapters.ArrayDataAdapter;
import dev.jkeras.trainers.adapters.DatasetAdapter;
import dev.jkeras.trainers.adapters.DataAdapter;
import dev.jkeras.trainers.adapters.SeededShuffle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * A model's training machinery (Keras's {@code Trainer}): what {@code compile} set up, and the loops
 * of {@code fit}, {@code evaluate} and {@code predict} — epochs of batches from an
 * {@link EpochIterator}, each execution (one batch, or the compile's {@code stepsPerExecution})
 * one session run of a traced step, with the callbacks called around it. Arrays that fit one batch
 * (predict, evaluate) skip the adapter and the epoch: one session run of a step fed them whole
 * ({@link WholeArrays}). It knows the model only as a {@link TrainableModel}.
 *
 * <p>Fit and evaluate accumulate into the compiled metrics' variables, so one of those loops runs
 * at a time per model: an evaluate on another thread waits for the running evaluate or fit (the lock
 * is reentrant, so a fit's validation, and evaluate called from its callbacks, run inside it). One
 * fit runs at a time; predictions run concurrently.
 */
public final class Trainer {
  private final TrainableModel model;
  private final Object buildLock;
  private final ReentrantLock metricState = new ReentrantLock();
  private final AtomicBoolean fitting = new AtomicBoolean();
  private final SeededShuffle shuffle = new SeededShuffle();
  private final PredictSteps predictSteps;
  private final WorkerSync workerSync;
  private SeededShuffle workerShuffle;
  private volatile CompiledSteps compiled;
  private volatile boolean stopTraining;
  private volatile boolean stopEvaluating;
  private volatile boolean stopPredicting;
  private int resumeEpoch;

  public Trainer(TrainableModel model) {
    this.model = model;
    this.buildLock = java.util.Objects.requireNonNull(model.buildLock(), "the model's build lock");
    this.predictSteps = new PredictSteps(model, buildLock);
    this.workerSync = new WorkerSync(model);
  }

  // ------------------------------------------------------------------ compile

  /** Sets up training with {@code config}, replacing an earlier compile. */
  public void compile(CompileConfig config) {
    compiled = new CompiledSteps(model, buildLock, config);
  }

  /** Drops the compile (the model's layers changed); the model must be compiled again. */
  public void uncompile() {
    compiled = null;
    predictSteps.forget();
  }

  public boolean isCompiled() {
    return compiled != null;
  }

  /** The compile's config; null when not compiled. */
  public CompileConfig config() {
    CompiledSteps c = compiled;
    return c == null ? null : c.config();
  }

  /** The compiled optimizer; null when not compiled. */
  public Optimizer optimizer() {
    CompiledSteps c = compiled;
    return c == null ? null : c.config().optimizer();
  }

  /** The compiled loss of each output (resolved against the output names on first use). */
  public List<Loss> losses() {
    return require().compileLoss().losses();
  }

  /** Forgets the traced steps, so the next fit, evaluate or predict traces them again. */
  public void invalidate() {
    CompiledSteps c = compiled;
    if (c != null) {
      c.invalidate();
    }
    predictSteps.forget();
  }

  private CompiledSteps require() {
    CompiledSteps c = compiled;
    if (c == null) {
      throw new IllegalStateException("You must call compile() on model '" + model.name() + "' first.");
    }
    return c;
  }

  // ------------------------------------------------------------------ inside a traced step

  /** The compiled losses of the outputs (weighted) plus the layers' regularization losses. */
  public KerasTensor computeLoss(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    return require().computeLoss(ys, yPreds);
  }

  /** Applies gradients with the compiled optimizer as part of the step being traced. */
  public void applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    require().applyGradients(gradients, variables);
  }

  /** Updates the loss trackers and compiled metrics with this batch; returns the logs after it. */
  public Map<String, KerasTensor> computeMetrics(List<KerasTensor> ys, List<KerasTensor> yPreds, KerasTensor loss) {
    return require().computeMetrics(ys, yPreds, loss);
  }

  // ------------------------------------------------------------------ flags

  /** Requests (or withdraws) the end of the running fit after its current batch; fit clears it when it starts. */
  public void stopTraining(boolean stop) {
    stopTraining = stop;
  }

  public boolean stopTraining() {
    return stopTraining;
  }

  /** Requests the end of the running evaluate (or validation) after its current batch. */
  public void stopEvaluating(boolean stop) {
    stopEvaluating = stop;
  }

  public boolean stopEvaluating() {
    return stopEvaluating;
  }

  /** Requests the end of the running predict after its current batch. */
  public void stopPredicting(boolean stop) {
    stopPredicting = stop;
  }

  public boolean stopPredicting() {
    return stopPredicting;
  }

  /** Makes the fit that is starting begin at {@code epoch} (0-based) instead of its initial epoch. */
  public void resumeFromEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    resumeEpoch = epoch;
  }

  private int takeResumeEpoch() {
    int epoch = resumeEpoch;
    resumeEpoch = 0;
    return epoch;
  }

  // ------------------------------------------------------------------ fit

  /**
   * Runs {@code fit} unless a fit is already running on the model (on another thread, or from one of
   * its callbacks), which is refused.
   */
  public <T> T alone(Supplier<T> fit) {
    if (!fitting.compareAndSet(false, true)) {
      throw new IllegalStateException("A fit is already running on model '" + model.name() + "' (on another "
          + "thread, or this fit was called from one of its callbacks): a model trains in one fit at a time. Wait "
          + "for that fit to return, or train a separate model; evaluate, predict and save may be called meanwhile.");
    }
    try {
      return fit.get();
    } finally {
      fitting.set(false);
    }
  }

  /**
   * Trains on the first {@code trainCount} samples of {@code data}; validates on {@code validation}
   * when given, else on the rest of {@code data} if any. {@code callbacks} makes the callbacks for
   * the number of steps per epoch.
   */
  public void fit(ArrayData data, int trainCount, ArrayData validation, FitConfig config,
      IntFunction<CallbackList> callbacks) {
    CallbackList list = callbacks.apply(ArrayDataAdapter.batchesOf(trainCount, config.batchSize()));
    CompiledSteps c = require();
    list.run(() -> {
      metricState.lock();
      try {
        fitHoldingMetrics(c, data, trainCount, validation, config, list);
      } finally {
        metricState.unlock();
      }
      return null;
    });
  }

  private void fitHoldingMetrics(CompiledSteps c, ArrayData data, int trainCount, ArrayData validationData,
      FitConfig config, CallbackList callbacks) {
    c.steps(data.signature());
    ModelGraph graph = model.graph();
    dev.jkeras.distribution.DataParallel distribution = dev.jkeras.distribution.Distribution.distribution();
    boolean sharded = distribution != null && distribution.numReplicasInSync() > 1;
    try (ArrayDataAdapter training = ArrayDataAdapter.of(graph, data, 0, trainCount, config.batchSize(),
            config.shuffle() ? (sharded ? workerShuffle(distribution) : shuffle) : null);
        ArrayDataAdapter validation = validationData != null
            ? ArrayDataAdapter.of(graph, validationData, config.batchSize())
            : trainCount < data.samples() ? training.view(trainCount, data.samples(), config.batchSize()) : null) {
      if (sharded) {
        training.shard(distribution.numReplicasInSync(), distribution.taskIndex());
        if (validation != null) {
          validation.shardForEvaluation(distribution.numReplicasInSync(), distribution.taskIndex());
        }
      }
      fitLoop(c, training, validation, config, callbacks);
    }
  }

  /**
   * Under a distribution of several workers, makes {@code adapter} give this worker its slice of every
   * global batch (tf.data's auto-shard policy {@code DATA}): a dataset's batches are cut in the graph,
   * arrays by index ({@code evaluation}: every sample once). A generator's batches are not sharded.
   */
  private static void autoShard(DataAdapter adapter, boolean evaluation) {
    dev.jkeras.distribution.DataParallel distribution = dev.jkeras.distribution.Distribution.distribution();
    if (adapter == null || distribution == null || distribution.numReplicasInSync() < 2) {
      return;
    }
    int workers = distribution.numReplicasInSync();
    int index = distribution.taskIndex();
    if (adapter instanceof DatasetAdapter dataset) {
      dataset.shard(workers, index);
    } else if (adapter instanceof ArrayDataAdapter arrays) {
      if (evaluation) {
        arrays.shardForEvaluation(workers, index);
      } else {
        arrays.shard(workers, index);
      }
    } else {
      System.err.println("WARNING: the batches of a generator (" + adapter.getClass().getSimpleName() + ") are not "
          + "sharded across the " + workers + " workers: each worker reads all of them, so they compute the same "
          + "gradients and logs count every batch " + workers + " times. Give each worker its own part (by worker "
          + "index), with the same number of batches on every worker, or use arrays or a graph Dataset, which are "
          + "sharded by batch.");
    }
  }

  /** The shuffle every worker of {@code distribution} shares: seeded alike, so their global batches agree. */
  private synchronized SeededShuffle workerShuffle(dev.jkeras.distribution.DataParallel distribution) {
    if (workerShuffle == null) {
      workerShuffle = new SeededShuffle(distribution.workers().hashCode() | 1L);
    }
    return workerShuffle;
  }

  /**
   * Under a distribution of several workers, gives every worker the chief's weights, optimizer state
   * and first epoch (so a chief that restored a backup resumes them all); returns the first epoch.
   */
  private int synchronizeWorkers(CompiledSteps c, int firstEpoch) {
    List<Variable> variables = new ArrayList<>(model.weights());
    for (Variable v : c.config().optimizer().variables()) {
      if (!variables.contains(v)) {
        variables.add(v);
      }
    }
    return workerSync.fromChief(dev.jkeras.distribution.Distribution.distribution(), variables, firstEpoch);
  }

  /**
   * Trains on the batches of {@code training} (a dataset read in the graph, say), validating on
   * {@code validation} when not null; closes both. {@code callbacks} makes the callbacks for the
   * number of steps per epoch (-1 when unknown).
   */
  public void fit(DataAdapter training, DataAdapter validation, FitConfig config, IntFunction<CallbackList> callbacks) {
    try (training; DataAdapter v = validation) {
      CompiledSteps c = require();
      autoShard(training, false);
      autoShard(v, true);
      c.steps(training.signature());
      int steps = config.stepsPerEpoch() > 0 ? config.stepsPerEpoch() : training.numBatches();
      CallbackList list = callbacks.apply(steps);
      list.run(() -> {
        metricState.lock();
        try {
          fitLoop(c, training, v, config, list);
        } finally {
          metricState.unlock();
        }
        return null;
      });
    }
  }

  private void fitLoop(CompiledSteps c, DataAdapter training, DataAdapter validation, FitConfig config,
      CallbackList callbacks) {
    CompiledSteps.Steps steps = c.steps(training.signature());
    int configured = c.config().stepsPerExecution();
    EpochIterator epochs = new EpochIterator(training, configured, config.stepsPerEpoch());
    EpochIterator validationEpochs = validation == null ? null
        : new EpochIterator(validation, configured, config.validationSteps());
    stopTraining(false);
    callbacks.onTrainBegin(Map.of());
    Map<String, Double> trainingLogs = Map.of();
    Map<String, Double> logs = Map.of();
    int firstEpoch = synchronizeWorkers(c, Math.max(config.initialEpoch(), takeResumeEpoch()));
    // As Keras 3: a stop requested by a callback ends the epoch after the current execution; the
    // epoch still validates and ends, and no further epoch starts.
    for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
      steps.reset().run(List.of());
      callbacks.onEpochBegin(epoch, Map.of());
      int done = 0;
      for (EpochIterator.Step step : epochs.epoch()) {
        callbacks.onTrainBatchBegin(step.begin(), Map.of());
        try {
          logs = runExecution((batches, full) -> c.execution(training.signature(), true, batches,
                  full ? training.batchSize() : -1), steps.trainNames(), step,
              epochs.stepsPerExecution());
        } catch (EndOfDataException end) {
          epochs.endOfData(done);
          break;
        }
        done += step.batches();
        callbacks.onTrainBatchEnd(step.end(), logs);
        if (stopTraining()) {
          break;
        }
      }
      if (logs.isEmpty()) {
        throw new IllegalStateException("fit received no batch in epoch " + (epoch + 1) + ": the training data is "
            + "empty (a dataset that yields no element, e.g. filtered to nothing or taken 0)");
      }
      warnIfRanOut(epochs);
      Map<String, Double> epochLogs = new LinkedHashMap<>(logs);
      if (validationEpochs != null) {
        // Validation is an evaluate on the same callbacks, as in Keras: onTestBegin ... onTestEnd.
        test(c, validationEpochs, callbacks).forEach((name, value) -> epochLogs.put("val_" + name, value));
      }
      callbacks.onEpochEnd(epoch, epochLogs);
      trainingLogs = epochLogs;
      if (stopTraining()) {
        break;
      }
    }
    if (config.epochs() > 0) {
      // As Keras: the optimizer's final say on the weights (with use_ema, they become the averages).
      c.config().optimizer().finalizeVariableValues();
    }
    callbacks.onTrainEnd(trainingLogs);
  }

  /** Keras's warning when stepsPerEpoch asked for more batches than the data had. */
  private static void warnIfRanOut(EpochIterator epochs) {
    if (epochs.ranOutOfData()) {
      System.err.println("WARNING: Your input ran out of data; interrupting training. Make sure that your dataset "
          + "can generate at least stepsPerEpoch * epochs batches. You may need to use .repeat() when building "
          + "your dataset.");
    }
  }

  // ------------------------------------------------------------------ evaluate

  /** The loss and metrics on {@code data}, loss first; {@code callbacks} makes the callbacks for the number of steps. */
  public Map<String, Double> evaluate(ArrayData data, int batchSize, IntFunction<CallbackList> callbacks) {
    CompiledSteps c = require();
    dev.jkeras.distribution.DataParallel distribution = dev.jkeras.distribution.Distribution.distribution();
    boolean sharded = distribution != null && distribution.numReplicasInSync() > 1;
    if (!sharded && WholeArrays.fitOneBatch(data.samples(), batchSize)) {
      // c.whole traces the signature's test step first (c.testable), then the whole-array step.
      CallbackList list = callbacks.apply(ArrayDataAdapter.batchesOf(data.samples(), batchSize));
      return list.run(() -> testWhole(c, data, c.whole(data, false, list.isEmpty()), list));
    }
    c.testable(data.signature());
    CallbackList list = callbacks.apply(ArrayDataAdapter.batchesOf(data.samples(), batchSize));
    return list.run(() -> {
      try (ArrayDataAdapter adapter = ArrayDataAdapter.of(model.graph(), data, batchSize)) {
        if (sharded) {
          // As tf.data's auto-shard under MultiWorkerMirroredStrategy: each worker evaluates its slice
          // of every global batch, and the metric state summed over the workers gives every one the
          // result on the whole data.
          adapter.shardForEvaluation(distribution.numReplicasInSync(), distribution.taskIndex());
        }
        return test(c, new EpochIterator(adapter, c.config().stepsPerExecution()), list);
      }
    });
  }

  /**
   * The loss and metrics over {@code adapter}'s batches ({@code steps} of them, or one pass when 0);
   * closes the adapter.
   */
  public Map<String, Double> evaluate(DataAdapter adapter, int steps, IntFunction<CallbackList> callbacks) {
    try (adapter) {
      CompiledSteps c = require();
      autoShard(adapter, true);
      c.testable(adapter.signature());
      EpochIterator batches = new EpochIterator(adapter, c.config().stepsPerExecution(), steps);
      CallbackList list = callbacks.apply(batches.stepsPerEpoch());
      return list.run(() -> test(c, batches, list));
    }
  }

  /** Runs the test step over one epoch of {@code batches}; returns the logs after the last batch. */
  private Map<String, Double> test(CompiledSteps c, EpochIterator batches, CallbackList callbacks) {
    metricState.lock();
    try {
      CompiledSteps.Steps steps = c.testable(batches.adapter().signature());
      stopEvaluating(false);
      steps.reset().run(List.of());
      callbacks.onTestBegin(Map.of());
      Map<String, Double> logs = Map.of();
      int done = 0;
      for (EpochIterator.Step step : batches.epoch()) {
        callbacks.onTestBatchBegin(step.begin(), Map.of());
        try {
          logs = runExecution((n, full) -> c.execution(batches.adapter().signature(), false, n,
                  full ? batches.adapter().batchSize() : -1), steps.testNames(), step,
              batches.stepsPerExecution());
        } catch (EndOfDataException end) {
          batches.endOfData(done);
          break;
        }
        done += step.batches();
        callbacks.onTestBatchEnd(step.end(), logs);
        if (stopEvaluating()) {
          break;
        }
      }
      callbacks.onTestEnd(logs);
      return logs;
    } finally {
      metricState.unlock();
    }
  }

  /**
   * Evaluates data that fits one batch in one session run of the test step fed the arrays whole,
   * with the callbacks called as for any one-batch evaluate. Without callbacks, nothing can look
   * between the metrics' reset and the batch, so the reset runs in the same session run.
   */
  private Map<String, Double> testWhole(CompiledSteps c, ArrayData data, CompiledSteps.Whole step,
      CallbackList callbacks) {
    metricState.lock();
    try {
      boolean fused = callbacks.isEmpty();
      stopEvaluating(false);
      if (!fused) {
        c.testable(data.signature()).reset().run(List.of());
      }
      callbacks.onTestBegin(Map.of());
      callbacks.onTestBatchBegin(0, Map.of());
      Map<String, Double> logs = WholeArrays.logs(model.graph(), step, data.arrays());
      callbacks.onTestBatchEnd(0, logs);
      callbacks.onTestEnd(logs);
      return logs;
    } finally {
      metricState.unlock();
    }
  }

  /** Runs {@code function} once on all of {@code data} as one batch; returns its values by name. */
  static Map<String, Double> runWhole(ModelGraph graph, GraphFunction function, List<String> names, ArrayData data) {
    try (ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, data, Math.max(1, data.samples()))) {
      return run(function, names, new EpochIterator(adapter).epoch().iterator().next());
    }
  }

  /** The traced function for a session run of {@code batches} batches, all full or not. */
  private interface Executions {
    GraphFunction of(int batches, boolean full);
  }

  /**
   * Runs one execution and returns the logs after its last batch: in one session run when it has the
   * compiled number of batches (or one); an epoch's shorter last execution runs its batches one per
   * session run, so that a data signature traces a few step functions, not one per remainder (tracing
   * an unrolled execution costs seconds; running a few batches one at a time, milliseconds). Runs of
   * full batches use functions traced for that static batch size.
   */
  private static Map<String, Double> runExecution(Executions functions, List<String> names,
      EpochIterator.Step step, int perExecution) {
    Map<String, Double> logs = Map.of();
    for (EpochIterator.Step run : sessionRuns(step, perExecution)) {
      logs = run(functions.of(run.batches(), run.full()), names, run);
    }
    return logs;
  }

  /**
   * The session runs of an execution: itself, or (a shorter last one, or one holding the epoch's
   * smaller last batch) one per batch; the unrolled function is traced for full batches only.
   */
  private static List<EpochIterator.Step> sessionRuns(EpochIterator.Step step, int perExecution) {
    return step.batches() == 1 || (step.batches() == perExecution && step.full()) ? List.of(step) : step.oneBatchEach();
  }

  private static Map<String, Double> run(GraphFunction function, List<String> names, EpochIterator.Step step) {
    List<NdArray<?>> values;
    try (DataAdapter.Batch batch = step.open()) {
      values = function.call(batch.feeds());
    }
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      putLog(logs, names.get(i), values.get(i));
    }
    return logs;
  }

  /**
   * Logs a fetched value: a scalar under its name; a vector result (F1Score with {@code average=None},
   * Precision with several thresholds), where Keras logs a numpy array, one entry per element, named
   * {@code name[i]}, so the logs, History and callbacks keep taking numbers.
   */
  static void putLog(Map<String, Double> logs, String name, NdArray<?> value) {
    if (value.rank() == 0) {
      logs.put(name, ((Number) value.getObject()).doubleValue());
      return;
    }
    long[] index = {0};
    value.scalars().forEach(s -> logs.put(name + "[" + index[0]++ + "]", ((Number) s.getObject()).doubleValue()));
  }

  // ------------------------------------------------------------------ one batch

  /** A custom step traced from {@code body}; {@code batches} checks a batch and makes the model ready for it. */
  public StepFunction stepFunction(StepBodyOfLists body, StepFunction.Batches batches) {
    return new StepFunction(model, buildLock, body, batches);
  }

  /**
   * One train step on {@code data} as one batch (Keras's {@code train_on_batch}); as Keras 3, the
   * metrics are reset first, so the logs are this batch's. Returns the logs.
   */
  public Map<String, Double> trainOnBatch(ArrayData data) {
    CompiledSteps.Steps steps = require().steps(data.signature());
    return onBatch(steps, steps.train(), steps.trainNames(), data);
  }

  /** One test step on {@code data} as one batch (Keras's {@code test_on_batch}); metrics reset first, as {@link #trainOnBatch}. */
  public Map<String, Double> testOnBatch(ArrayData data) {
    CompiledSteps.Whole step = require().whole(data, false, true);
    metricState.lock();
    try {
      return WholeArrays.logs(model.graph(), step, data.arrays());
    } finally {
      metricState.unlock();
    }
  }

  private Map<String, Double> onBatch(CompiledSteps.Steps steps, GraphFunction function, List<String> names,
      ArrayData data) {
    metricState.lock();
    try {
      steps.reset().run(List.of());
      return runWhole(model.graph(), function, names, data);
    } finally {
      metricState.unlock();
    }
  }

  /** Zeroes the loss tracker, the compiled metrics and the metrics the model holds (Keras's {@code reset_metrics}). */
  public void resetMetrics() {
    CompiledSteps c = compiled;
    metricState.lock();
    try {
      if (c != null && c.tracedAny()) {
        c.anyReset().run(List.of());
      }
      model.trackedMetrics().forEach(dev.jkeras.metrics.Metric::resetState);
    } finally {
      metricState.unlock();
    }
  }

  /** Keras's {@code metrics}: the loss tracker and compiled metrics (once built), then the metrics the model holds. */
  public List<dev.jkeras.metrics.Metric> metrics() {
    List<dev.jkeras.metrics.Metric> all = new ArrayList<>();
    CompiledSteps c = compiled;
    if (c != null) {
      all.addAll(c.metrics());
    }
    model.trackedMetrics().stream().filter(m -> !all.contains(m)).forEach(all::add);
    return all;
  }

  // ------------------------------------------------------------------ predict

  /**
   * The model's outputs for {@code data}'s inputs, batch by batch; stopped early
   * ({@link #stopPredicting}), the outputs of the batches run, as Keras returns them.
   */
  public List<NdArray<?>> predict(ArrayData data, int batchSize, boolean training,
      IntFunction<CallbackList> callbacks) {
    ArrayData inputs = data.inputsOnly();
    int n = inputs.samples();
    CallbackList list = callbacks.apply(ArrayDataAdapter.batchesOf(n, batchSize));
    if (WholeArrays.fitOneBatch(n, batchSize)) {
      return list.run(() -> predictWhole(inputs, training, list));
    }
    return list.run(() -> {
      CompiledSteps compile = compiled;
      int perExecution = compile == null ? 1 : compile.config().stepsPerExecution();
      List<PredictionCollector> collectors = new ArrayList<>();
      int done = 0;
      stopPredicting(false);
      list.onPredictBegin(Map.of());
      try (ArrayDataAdapter adapter = ArrayDataAdapter.of(model.graph(), inputs, batchSize)) {
        for (EpochIterator.Step s : new EpochIterator(adapter, perExecution).epoch()) {
          list.onPredictBatchBegin(s.begin(), Map.of());
          List<EpochIterator.Step> runs = sessionRuns(s, perExecution);
          int first = s.begin() * batchSize;
          done = Math.min(first + s.batches() * batchSize, n);
          List<PredictionCollector> execution = new ArrayList<>();
          List<NdArray<?>> outputs = List.of();
          for (EpochIterator.Step run : runs) {
            int from;
            try (DataAdapter.Batch batch = run.open()) {
              from = batch.firstSample();
              outputs = predictSteps.step(inputs.signature(), training, run.batches()).call(batch.feeds());
            }
            for (int i = 0; i < outputs.size(); i++) {
              if (collectors.size() <= i) {
                collectors.add(new PredictionCollector(n));
              }
              collectors.get(i).add(from, outputs.get(i));
              if (runs.size() > 1) {
                if (execution.size() <= i) {
                  execution.add(new PredictionCollector(done - first));
                }
                execution.get(i).add(from - first, outputs.get(i));
              }
            }
          }
          if (runs.size() > 1) {
            outputs = execution.stream().<NdArray<?>>map(PredictionCollector::result).toList();
          }
          list.onPredictBatchEnd(s.end(), Map.of(), outputs);
          if (stopPredicting()) {
            break;
          }
        }
      }
      list.onPredictEnd(Map.of());
      int gathered = done;
      return collectors.stream().<NdArray<?>>map(c -> gathered == n ? c.result()
          : c.result().slice(Indices.range(0, gathered))).toList();
    });
  }

  /**
   * Predicts inputs that fit one batch in one session run of the predict step fed the arrays whole,
   * with the callbacks called as for any one-batch predict. As in the batch loop, what is returned
   * is not the arrays the batch-end callbacks were handed (they may keep or change them).
   */
  private List<NdArray<?>> predictWhole(ArrayData inputs, boolean training, CallbackList callbacks) {
    GraphFunction step = predictSteps.whole(inputs, training);
    stopPredicting(false);
    callbacks.onPredictBegin(Map.of());
    callbacks.onPredictBatchBegin(0, Map.of());
    List<NdArray<?>> outputs = WholeArrays.call(model.graph(), step, inputs.xs());
    if (callbacks.isEmpty()) {
      return outputs;
    }
    List<NdArray<?>> returned = outputs.stream().<NdArray<?>>map(PredictionCollector::copyOf).toList();
    callbacks.onPredictBatchEnd(0, Map.of(), outputs);
    callbacks.onPredictEnd(Map.of());
    return returned;
  }

  /**
   * The model's outputs for the batches of {@code adapter} (a dataset read in the graph; {@code steps}
   * of them, or one pass when 0), each output's batches concatenated; closes the adapter. Stopped early,
   * the outputs of the batches run.
   */
  public List<NdArray<?>> predict(DataAdapter adapter, int steps, boolean training, IntFunction<CallbackList> callbacks) {
    try (adapter) {
      EpochIterator batches = new EpochIterator(adapter, 1, steps);
      CallbackList list = callbacks.apply(batches.stepsPerEpoch());
      return list.run(() -> {
        List<List<NdArray<?>>> byOutput = new ArrayList<>();
        stopPredicting(false);
        list.onPredictBegin(Map.of());
        for (EpochIterator.Step s : batches.epoch()) {
          list.onPredictBatchBegin(s.begin(), Map.of());
          List<NdArray<?>> outputs;
          try (DataAdapter.Batch batch = s.open()) {
            outputs = predictSteps.step(adapter.signature().inputsOnly(), training, 1).call(batch.feeds());
          } catch (EndOfDataException end) {
            break;
          }
          for (int i = 0; i < outputs.size(); i++) {
            if (byOutput.size() <= i) {
              byOutput.add(new ArrayList<>());
            }
            byOutput.get(i).add(outputs.get(i));
          }
          list.onPredictBatchEnd(s.end(), Map.of(), outputs);
          if (stopPredicting()) {
            break;
          }
        }
        list.onPredictEnd(Map.of());
        if (byOutput.isEmpty()) {
          throw new IllegalStateException("predict received no batch: the dataset yields no element");
        }
        return byOutput.stream().<NdArray<?>>map(parts -> parts.size() == 1 ? parts.get(0)
            : dev.jkeras.ops.Ops.concatenate(parts, 0)).toList();
      });
    }
  }
}
