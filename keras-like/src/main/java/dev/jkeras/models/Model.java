package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.CallbackList;
import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.ProgbarLogger;
import dev.jkeras.layers.Layer;
import dev.jkeras.losses.Loss;
import dev.jkeras.losses.Losses;
import dev.jkeras.metrics.Metric;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.ndarray.NdArray;

/**
 * A model: layers traced into one TensorFlow graph, trained with {@link #fit}, scored with
 * {@link #evaluate} and run with {@link #predict}.
 *
 * <p>Subclass it and override {@link #call(KerasTensor, boolean)} for the Subclassing API, or use
 * {@link Sequential}.
 */
public class Model extends Layer implements AutoCloseable {
  private ModelGraph graph;
  private boolean building;
  private Trainer trainer;
  private boolean stopTraining;
  private final Map<Trainer.Signature, GraphFunction> predictSteps = new HashMap<>();
  private final Random shuffler = new Random();

  protected Model() {}

  // ------------------------------------------------------------------ structure

  /** The layers this model holds, in order. */
  public List<Layer> layers() {
    return List.of();
  }

  /** The layer called {@code name}; fails listing the names there are. */
  public Layer getLayer(String name) {
    return layers().stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No such layer: " + name + ". Existing layers are: "
            + layers().stream().map(Layer::name).toList()));
  }

  /** The model's own graph, created on first use; one per model. */
  ModelGraph graph() {
    if (graph == null) {
      graph = Backends.get().newGraph(name());
    }
    return graph;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    throw new UnsupportedOperationException("Model '" + name() + "' has no call(): subclasses of Model override "
        + "call(KerasTensor inputs, boolean training)");
  }

  @Override
  protected boolean checksInputShape() {
    return false;
  }

  /**
   * Builds the model for inputs of {@code batchInputShape} (batch dimension included, may be
   * {@link Shape#UNKNOWN}) by tracing it once: every layer creates its weights.
   */
  @Override
  public void build(Shape batchInputShape) {
    if (building || isBuilt()) {
      return;
    }
    building = true;
    try {
      ModelGraph g = graph();
      g.trace(() -> apply(g.placeholder("input", DType.FLOAT32, batchInputShape), false));
    } catch (RuntimeException e) {
      forgetBuild();
      throw e;
    } finally {
      building = false;
    }
  }

  /** Builds for samples of the given shape, e.g. {@code build(28, 28)}. */
  public void build(int... sampleShape) {
    build(Shape.of(sampleShape).prepend(Shape.UNKNOWN));
  }

  /** Drops the graph and every layer's build, after a failed build or a change of layers. */
  protected void forgetBuild() {
    layers().forEach(Layer::resetBuild);
    resetBuild();
    trainer = null;
    predictSteps.clear();
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }

  /** Forgets the traced steps, so the next fit, evaluate or predict traces the model again. */
  protected void invalidateSteps() {
    if (trainer != null) {
      trainer.invalidate();
    }
    predictSteps.clear();
  }

  /** The batch input shape the model was built for, or null. */
  public Shape inputShape() {
    return builtInputShape();
  }

  // ------------------------------------------------------------------ weights

  @Override
  public List<Variable> trainableWeights() {
    if (!trainable()) {
      return List.of();
    }
    List<Variable> all = new ArrayList<>();
    layers().forEach(l -> all.addAll(l.trainableWeights()));
    return all;
  }

  @Override
  public List<Variable> nonTrainableWeights() {
    List<Variable> all = new ArrayList<>();
    for (Layer layer : layers()) {
      all.addAll(trainable() ? layer.nonTrainableWeights() : layer.weights());
    }
    return all;
  }

  /** All weights, layer by layer (each layer's trainable weights first), as Keras orders them. */
  @Override
  public List<Variable> weights() {
    List<Variable> all = new ArrayList<>();
    layers().forEach(l -> all.addAll(l.weights()));
    return all;
  }

  @Override
  public List<KerasTensor> losses() {
    List<KerasTensor> all = new ArrayList<>();
    layers().forEach(l -> all.addAll(l.losses()));
    return all;
  }

  // ------------------------------------------------------------------ compile

  /** {@code compile("sgd", "sparse_categorical_crossentropy", "accuracy")}. */
  public void compile(String optimizer, String loss, String... metrics) {
    compile(c -> c.optimizer(optimizer).loss(loss).metrics(metrics));
  }

  public void compile(Optimizer optimizer, String loss, String... metrics) {
    compile(c -> c.optimizer(optimizer).loss(loss).metrics(metrics));
  }

  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    compile(c -> c.optimizer(optimizer).loss(loss).metrics(metrics));
  }

  /** {@code compile(c -> c.optimizer("adam").loss("mse").metrics("mae"))}. */
  public void compile(Consumer<CompileOptions> options) {
    CompileOptions compileOptions = new CompileOptions();
    options.accept(compileOptions);
    if (compileOptions.loss() == null) {
      throw new IllegalArgumentException("compile needs a loss, e.g. loss(\"mse\"). Valid losses: see Losses.get");
    }
    trainer = new Trainer(this, compileOptions.optimizer(), compileOptions.loss(), compileOptions.metrics());
  }

  public boolean isCompiled() {
    return trainer != null;
  }

  /** The optimizer given to {@code compile}. */
  public Optimizer optimizer() {
    return requireCompiled("optimizer").optimizer();
  }

  private Trainer requireCompiled(String what) {
    if (trainer == null) {
      throw new IllegalStateException("You must call compile() on model '" + name() + "' before " + what + ".");
    }
    return trainer;
  }

  // ------------------------------------------------------------------ fit

  public History fit(NdArray<?> x, NdArray<?> y) {
    return fit(x, y, o -> {});
  }

  /** Trains the model: {@code fit(x, y, fit -> fit.epochs(10).batchSize(128).validationSplit(0.1))}. */
  public History fit(NdArray<?> x, NdArray<?> y, Consumer<FitOptions> options) {
    FitOptions o = new FitOptions();
    options.accept(o);
    Trainer t = requireCompiled("fit()");
    int n = DataChecks.samples(x, y);
    if (o.validationX() != null && o.validationSplit() > 0) {
      throw new IllegalArgumentException("Give validationData or validationSplit, not both");
    }
    prepare(x, y, t);
    Trainer.Steps steps = t.steps(signature(x, y));

    int trainCount = o.validationSplit() > 0 ? (int) Math.ceil(n * (1 - o.validationSplit())) : n;
    if (trainCount == 0 || trainCount == n && o.validationSplit() > 0) {
      throw new IllegalArgumentException("validationSplit " + o.validationSplit() + " of " + n
          + " samples leaves no training or no validation samples");
    }
    int stepsPerEpoch = ceilDiv(trainCount, o.batchSize());

    History history = new History();
    CallbackList callbacks = callbacks(history, o.verbose(), o.callbacks(),
        Map.of("epochs", o.epochs(), "steps", stepsPerEpoch, "verbose", o.verbose()));

    try (Feed xFeed = graph().feed(x); Feed yFeed = graph().feed(y);
        Validation validation = Validation.of(this, o, xFeed, yFeed, trainCount, n)) {
      int[] order = range(0, trainCount);
      stopTraining = false;
      Map<String, Double> logs = Map.of();
      callbacks.onTrainBegin(Map.of());
      for (int epoch = o.initialEpoch(); epoch < o.epochs() && !stopTraining; epoch++) {
        callbacks.onEpochBegin(epoch, Map.of());
        steps.reset().run(List.of());
        if (o.shuffle()) {
          shuffle(order);
        }
        for (int step = 0; step < stepsPerEpoch && !stopTraining; step++) {
          callbacks.onTrainBatchBegin(step, Map.of());
          int from = step * o.batchSize();
          int to = Math.min(from + o.batchSize(), trainCount);
          List<NdArray<?>> results;
          try (Feed batch = graph().feed(order, from, to)) {
            results = steps.train().call(List.of(xFeed, yFeed, batch));
          }
          logs = toLogs(steps.logNames(), results);
          callbacks.onTrainBatchEnd(step, logs);
        }
        Map<String, Double> epochLogs = new LinkedHashMap<>(logs);
        if (validation != null) {
          Map<String, Double> valLogs = runTest(steps, validation.x(), validation.y(), validation.indices(),
              o.batchSize(), new CallbackList(o.callbacks()));
          valLogs.forEach((k, v) -> epochLogs.put("val_" + k, v));
        }
        callbacks.onEpochEnd(epoch, epochLogs);
        logs = epochLogs;
      }
      callbacks.onTrainEnd(logs);
    }
    return history;
  }

  /** Stops {@code fit} after the current batch; for callbacks such as early stopping. */
  public void stopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  public boolean stopTraining() {
    return stopTraining;
  }

  // ------------------------------------------------------------------ evaluate

  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y) {
    return evaluate(x, y, o -> {});
  }

  /** The loss and metrics on {@code (x, y)}, loss first, as an ordered map. */
  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y, Consumer<EvaluateOptions> options) {
    EvaluateOptions o = new EvaluateOptions();
    options.accept(o);
    Trainer t = requireCompiled("evaluate()");
    int n = DataChecks.samples(x, y);
    prepare(x, y, t);
    Trainer.Steps steps = t.steps(signature(x, y));
    CallbackList callbacks = callbacks(null, o.verbose(), o.callbacks(),
        Map.of("steps", ceilDiv(n, o.batchSize()), "verbose", o.verbose()));
    try (Feed xFeed = graph().feed(x); Feed yFeed = graph().feed(y)) {
      return runTest(steps, xFeed, yFeed, range(0, n), o.batchSize(), callbacks);
    }
  }

  private Map<String, Double> runTest(Trainer.Steps steps, Feed x, Feed y, int[] indices, int batchSize,
      CallbackList callbacks) {
    steps.reset().run(List.of());
    callbacks.onTestBegin(Map.of());
    Map<String, Double> logs = Map.of();
    int batches = ceilDiv(indices.length, batchSize);
    for (int step = 0; step < batches; step++) {
      callbacks.onTestBatchBegin(step, Map.of());
      int from = step * batchSize;
      try (Feed batch = graph().feed(indices, from, Math.min(from + batchSize, indices.length))) {
        logs = toLogs(steps.logNames(), steps.test().call(List.of(x, y, batch)));
      }
      callbacks.onTestBatchEnd(step, logs);
    }
    callbacks.onTestEnd(logs);
    return logs;
  }

  // ------------------------------------------------------------------ predict

  public NdArray<?> predict(NdArray<?> x) {
    return predict(x, o -> {});
  }

  /** The model's outputs for {@code x}, computed in batches (inference mode). */
  public NdArray<?> predict(NdArray<?> x, Consumer<EvaluateOptions> options) {
    EvaluateOptions o = new EvaluateOptions();
    options.accept(o);
    int n = DataChecks.samples(x, null);
    ensureBuiltFor(x);
    GraphFunction step = predictSteps.computeIfAbsent(signature(x, null), this::tracePredict);
    int batches = ceilDiv(n, o.batchSize());
    CallbackList callbacks = callbacks(null, o.verbose(), o.callbacks(), Map.of("steps", batches, "verbose", o.verbose()));
    int[] indices = range(0, n);
    PredictionCollector collector = new PredictionCollector(n);
    callbacks.onPredictBegin(Map.of());
    try (Feed xFeed = graph().feed(x)) {
      for (int b = 0; b < batches; b++) {
        callbacks.onPredictBatchBegin(b, Map.of());
        int from = b * o.batchSize();
        try (Feed batch = graph().feed(indices, from, Math.min(from + o.batchSize(), n))) {
          collector.add(from, step.call(List.of(xFeed, batch)).get(0));
        }
        callbacks.onPredictBatchEnd(b, Map.of());
      }
    }
    callbacks.onPredictEnd(Map.of());
    return collector.result();
  }

  private GraphFunction tracePredict(Trainer.Signature sig) {
    ModelGraph g = graph();
    return g.trace(() -> {
      KerasTensor xAll = g.placeholder("x", sig.xType(), sig.xSample().prepend(Shape.UNKNOWN));
      KerasTensor indices = g.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
      KerasTensor output = apply(Ops.cast(Ops.take(xAll, indices), DType.FLOAT32), false);
      return g.function(List.of(xAll, indices), List.of(output), List.of());
    });
  }

  // ------------------------------------------------------------------ helpers

  /** History (when given) first, then the progress bar when verbose, then the user's callbacks. */
  private CallbackList callbacks(History history, int verbose, List<Callback> user, Map<String, Object> params) {
    List<Callback> all = new ArrayList<>();
    if (history != null) {
      all.add(history);
    }
    if (verbose > 0) {
      all.add(new ProgbarLogger());
    }
    all.addAll(user);
    CallbackList list = new CallbackList(all);
    list.setModel(this);
    list.setParams(params);
    return list;
  }

  /** Builds for x if needed, and checks the labels fit the loss. */
  private void prepare(NdArray<?> x, NdArray<?> y, Trainer t) {
    ensureBuiltFor(x);
    DataChecks.checkLabels(t.loss(), y, outputShape());
  }

  private void ensureBuiltFor(NdArray<?> x) {
    if (!isBuilt()) {
      build(DataChecks.shapeOf(x).with(0, Shape.UNKNOWN));
    }
  }

  private static Trainer.Signature signature(NdArray<?> x, NdArray<?> y) {
    Shape xShape = DataChecks.shapeOf(x);
    DType xType = DataChecks.dtypeOf(x);
    if (y == null) {
      return new Trainer.Signature(xType, xShape.dropFirst(), DType.FLOAT32, Shape.scalar());
    }
    return new Trainer.Signature(xType, xShape.dropFirst(), DataChecks.dtypeOf(y), DataChecks.shapeOf(y).dropFirst());
  }

  private static Map<String, Double> toLogs(List<String> names, List<NdArray<?>> values) {
    Map<String, Double> logs = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      logs.put(names.get(i), ((Number) values.get(i).getObject()).doubleValue());
    }
    return logs;
  }

  private void shuffle(int[] order) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = shuffler.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  static int[] range(int from, int to) {
    int[] values = new int[to - from];
    for (int i = 0; i < values.length; i++) {
      values[i] = from + i;
    }
    return values;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  // ------------------------------------------------------------------ summary

  /** Prints the layer table Keras prints: names, types, output shapes and parameter counts. */
  public void summary() {
    summary(System.out::println);
  }

  /** The summary, one line at a time, to {@code printFn}. */
  public void summary(Consumer<String> printFn) {
    new Summary(this).print(printFn);
  }

  /** Releases the model's graph and native memory; the model is unusable afterwards. */
  @Override
  public void close() {
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }
}
