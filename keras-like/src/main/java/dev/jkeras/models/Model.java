package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.KerasVariable;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.CallbackList;
import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.ProgbarLogger;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Node;
import dev.jkeras.losses.Loss;
import dev.jkeras.metrics.Metric;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.backend.AtomicFiles;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Json;
import dev.jkeras.saving.KerasArchive;
import dev.jkeras.saving.SavedValues;
import dev.jkeras.saving.Serialization;
import dev.jkeras.saving.Shapes;
import dev.jkeras.saving.WeightsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.NdArray;

/**
 * A model: layers traced into one TensorFlow graph, trained with {@link #fit}, scored with
 * {@link #evaluate} and run with {@link #predict}.
 *
 * <p>Subclass it and override {@link #call(KerasTensor, boolean)} for the Subclassing API, or use
 * {@link Sequential}.
 *
 * <p>Threads: {@code predict}, {@code evaluate}, {@code save}, {@code saveWeights}, {@code export}
 * and weight reads and writes may be called on one model from several threads. Predictions run
 * concurrently; evaluations (and a running fit, which shares their metric state) run one at a time;
 * building the graph (the first trace of a step, an export) is serialized. One {@code fit} runs at a
 * time: a second one, from another thread or from a callback of the first, is refused. Changing
 * the model ({@code compile}, {@code add}, {@code pop}, {@code close}) must not overlap other calls.
 * An unclosed model's native memory is reclaimed once it is unreachable; {@link #close()} releases
 * it at once.
 */
public class Model extends Layer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Model.class.getName());

  private volatile ModelGraph graph;
  /** Guards the Java side of building: the graph's creation, the build and the traced steps. */
  private final Object buildLock = new Object();
  private final java.util.concurrent.atomic.AtomicBoolean fitting = new java.util.concurrent.atomic.AtomicBoolean();
  private boolean building;
  private Trainer trainer;
  private volatile boolean stopTraining;
  private volatile boolean stopEvaluating;
  private volatile boolean stopPredicting;
  private int resumeEpoch;
  private final PredictLoop predictLoop = new PredictLoop(this);
  private final TrainingLoop loop = new TrainingLoop(this);

  private final Functional functional;
  private List<Shape> builtOutputShapes = List.of();
  private List<Shape> builtInputShapes = List.of();
  /** The outputs of the build's trace, which {@link #buildAppended} extends; empty when unknown. */
  private List<KerasTensor> builtOutputs = List.of();

  /** For subclasses: override {@link #call(List, boolean)} (or the single-input form). */
  protected Model() {
    this.functional = null;
  }

  /**
   * A Functional model from the {@link dev.jkeras.layers.Input}s to the outputs of the layers
   * called on them: {@code new Model(List.of(inputA, inputB), List.of(output, auxOutput))}.
   */
  public Model(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    rename(uniqueName("functional"));
    for (KerasTensor input : inputs) {
      Node node = Node.of(input);
      if (input.name() != null && node != null && node.call().layer() instanceof InputLayer layer) {
        layer.name(input.name());
      }
    }
    this.functional = new Functional(inputs, outputs);
    Backend backend = Backends.get();
    this.graph = backend.graphOf(inputs.get(0)).orElseThrow();
    for (KerasTensor t : concat(inputs, outputs)) {
      if (!backend.graphOf(t).equals(Optional.of(graph))) {
        throw new IllegalArgumentException("Tensor " + t + " was not built from this model's inputs: create a "
            + "model's Inputs, call its layers, and construct the Model before starting another model");
      }
    }
    Input.release(graph);
    this.builtInputShapes = inputs.stream().map(KerasTensor::shape).toList();
    this.builtOutputShapes = outputs.stream().map(KerasTensor::shape).toList();
    markBuilt(builtInputShapes.get(0), builtOutputShapes.get(0));
  }

  /** A Functional model with one input and one output. */
  public Model(KerasTensor input, KerasTensor output) {
    this(List.of(input), List.of(output));
  }

  private static List<KerasTensor> concat(List<KerasTensor> a, List<KerasTensor> b) {
    List<KerasTensor> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ------------------------------------------------------------------ structure

  /**
   * The layers this model holds, in order: a Functional model's in call order (inputs first), a
   * subclassed model's from its fields (a {@code Layer} or a collection of them).
   */
  public List<Layer> layers() {
    return functional != null ? functional.layers() : LayerFields.of(this);
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
    ModelGraph current = graph;
    if (current == null) {
      synchronized (buildLock) {
        if (graph == null) {
          graph = Backends.get().newGraph(name());
        }
        current = graph;
      }
    }
    return current;
  }

  /** Runs {@code body} holding the model's build lock (reentrant), so one thread at a time builds or traces. */
  <T> T whileBuilding(java.util.function.Supplier<T> body) {
    synchronized (buildLock) {
      return body.get();
    }
  }

  /** A Functional model replays its layer calls; subclasses override this or the single-input form. */
  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    return functional != null ? functional.replay(inputs, training) : super.call(inputs, training);
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    throw new UnsupportedOperationException("Model '" + name() + "' has no call(): subclasses of Model override "
        + "call(List<KerasTensor> inputs, boolean training) or call(KerasTensor inputs, boolean training)");
  }

  @Override
  protected boolean checksInputShape() {
    return false;
  }

  /** A model's outputs keep the masks its own layers gave them (Keras's {@code Functional.compute_mask}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** None beyond what the model's layers attached to its outputs while it was called. */
  @Override
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return null;
  }

  /** The names of the inputs: the names given to the Inputs, else their layers' names. */
  public List<String> inputNames() {
    if (functional != null) {
      return functional.inputs().stream().map(t -> Node.of(t).call().layer().name()).toList();
    }
    int count = Math.max(1, builtInputShapes.size());
    return count == 1 ? List.of("input") : numbered("input", count);
  }

  /** The names of the outputs: the names of the layers producing them (Keras's convention). */
  public List<String> outputNames() {
    if (functional != null) {
      return functional.outputs().stream().map(t -> Node.of(t).call().layer().name()).toList();
    }
    List<Layer> layers = layers();
    if (builtOutputShapes.size() <= 1) {
      return List.of(layers.isEmpty() ? "output" : layers.get(layers.size() - 1).name());
    }
    return numbered("output", builtOutputShapes.size());
  }

  /** Keras's names for unnamed inputs and outputs: {@code output_1}, {@code output_2}, ... */
  private static List<String> numbered(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "_" + i).toList();
  }

  private int expectedInputCount() {
    return functional != null ? functional.inputs().size() : isBuilt() ? builtInputShapes.size() : -1;
  }

  private int expectedOutputCount() {
    return isBuilt() ? builtOutputShapes.size() : -1;
  }

  /** The input shapes (batch dimension included) once built. */
  List<Shape> inputShapes() {
    return builtInputShapes;
  }

  /** The output shapes (batch dimension included) once built. */
  public List<Shape> outputShapes() {
    return builtOutputShapes;
  }

  DType inputDtype(int index) {
    return functional != null ? functional.inputs().get(index).dtype() : DType.FLOAT32;
  }

  /** The Functional structure, for the summary; null for other models. */
  Functional functional() {
    return functional;
  }

  /**
   * Builds the model for inputs of {@code batchInputShape} (batch dimension included, may be
   * {@link Shape#UNKNOWN}) by tracing it once: every layer creates its weights.
   */
  @Override
  public void build(Shape batchInputShape) {
    buildChecked(batchInputShape, null);
  }

  private void buildChecked(Shape batchShape, Shape sampleShape) {
    BuildShapes.warnIfRebuilt(this, batchShape, sampleShape);
    try {
      build(List.of(batchShape));
    } catch (IllegalArgumentException e) {
      throw BuildShapes.withHint(e, batchShape, sampleShape);
    }
  }

  /** Builds a model with several inputs, one batch shape each. */
  @Override
  public void build(List<Shape> batchInputShapes) {
    synchronized (buildLock) {
      if (building || isBuilt()) {
        return;
      }
      building = true;
      try {
        ModelGraph g = graph();
        List<KerasTensor> outputs = g.trace(() -> applyAll(
            batchInputShapes.stream().map(shape -> g.placeholder("input", DType.FLOAT32, shape)).toList(), false));
        builtInputShapes = List.copyOf(batchInputShapes);
        builtOutputShapes = outputs.stream().map(KerasTensor::shape).toList();
        builtOutputs = List.copyOf(outputs);
      } catch (RuntimeException e) {
        forgetBuild();
        throw e;
      } finally {
        building = false;
      }
    }
  }

  /**
   * Extends the build of a single-output model with {@code layer} applied to its output, tracing
   * only that layer (Sequential's {@code add}): building a stack layer by layer stays linear in its
   * depth. Returns false, doing nothing, when the model is not built that way; a layer that fails
   * drops the build, as a failed {@link #build} does.
   */
  boolean buildAppended(Layer layer) {
    synchronized (buildLock) {
      if (!isBuilt() || builtOutputs.size() != 1 || builtInputShapes.size() != 1) {
        return false;
      }
      KerasTensor last = builtOutputs.get(0);
      try {
        KerasTensor output = graph().trace(() -> layer.apply(last, false));
        invalidateSteps();
        builtOutputs = List.of(output);
        builtOutputShapes = List.of(output.shape());
        markBuilt(builtInputShapes.get(0), output.shape());
      } catch (RuntimeException e) {
        forgetBuild();
        throw e;
      }
      return true;
    }
  }

  /** Builds for samples of the given shape, e.g. {@code build(28, 28)}. */
  public void build(int... sampleShape) {
    buildChecked(Shape.of(sampleShape).prepend(Shape.UNKNOWN), Shape.of(sampleShape));
  }

  /** Drops the graph and every layer's build, after a failed build or a change of layers. */
  protected void forgetBuild() {
    layers().forEach(Layer::resetBuild);
    resetBuild();
    builtInputShapes = List.of();
    builtOutputShapes = List.of();
    builtOutputs = List.of();
    trainer = null;
    predictLoop.forget();
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
    predictLoop.forget();
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

  /** The imported (TFSMLayer) params of its layers. */
  @Override
  public long importedParams() {
    return layers().stream().mapToLong(Layer::importedParams).sum();
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

  /** The constraints of the weights of every layer. */
  @Override
  public Map<Variable, Constraint> constraints() {
    Map<Variable, Constraint> all = new IdentityHashMap<>();
    layers().forEach(l -> all.putAll(l.constraints()));
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
    if (!compileOptions.hasLoss()) {
      throw new IllegalArgumentException("compile needs a loss, e.g. c -> c.loss(\"mse\")");
    }
    trainer = new Trainer(this, compileOptions);
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

  // ------------------------------------------------------------------ the training step

  /**
   * One training step on a batch, traced once into the graph; override it for custom training
   * logic, as Keras's {@code train_step}. The default: forward pass in training mode, the compiled
   * loss, gradients of it for the trainable weights, the optimizer's update, then the metrics.
   *
   * @return the logs of the step (as {@link #computeMetrics} returns them)
   */
  protected Map<String, KerasTensor> trainStep(List<KerasTensor> x, List<KerasTensor> y) {
    List<KerasTensor> yPred = applyAll(x, true);
    KerasTensor loss = computeLoss(y, yPred);
    List<Variable> trainable = trainableWeights();
    applyGradients(gradients(loss, trainable), trainable);
    return computeMetrics(y, yPred, loss);
  }

  /** One evaluation step on a batch; Keras's {@code test_step}. */
  protected Map<String, KerasTensor> testStep(List<KerasTensor> x, List<KerasTensor> y) {
    List<KerasTensor> yPred = applyAll(x, false);
    return computeMetrics(y, yPred, computeLoss(y, yPred));
  }

  /** The compiled losses of the outputs (weighted) plus the layers' regularization losses. */
  protected final KerasTensor computeLoss(List<KerasTensor> y, List<KerasTensor> yPred) {
    return requireCompiled("computeLoss").computeLoss(y, yPred);
  }

  /** The gradients of {@code loss} with respect to {@code variables} (null where unconnected). */
  protected final List<KerasTensor> gradients(KerasTensor loss, List<Variable> variables) {
    return variables.isEmpty() ? List.of() : graph().gradients(loss, variables);
  }

  /** Applies gradients with the compiled optimizer as part of this step. */
  protected final void applyGradients(List<KerasTensor> gradients, List<Variable> variables) {
    requireCompiled("applyGradients").applyGradients(gradients, variables);
  }

  /** Updates the loss trackers and compiled metrics with this batch; returns the logs after it. */
  protected final Map<String, KerasTensor> computeMetrics(List<KerasTensor> y, List<KerasTensor> yPred,
      KerasTensor loss) {
    return requireCompiled("computeMetrics").computeMetrics(y, yPred, loss);
  }

  // ------------------------------------------------------------------ data

  /** The arrays of a call's x and y as the model takes them, checked. */
  ModelData modelData(List<? extends NdArray<?>> xArrays, List<? extends NdArray<?>> yArrays, String what) {
    List<NdArray<?>> x = DataChecks.arrays(xArrays, "x", what);
    List<NdArray<?>> y = DataChecks.arrays(yArrays, "y", what);
    int n = DataChecks.samples(x, y);
    int inputs = expectedInputCount();
    if (inputs >= 0 && x.size() != inputs) {
      throw new IllegalArgumentException("Model '" + name() + "' expects " + inputs + " input array(s) "
          + inputNames() + " but " + what + " received " + x.size());
    }
    int outputs = expectedOutputCount();
    if (y.size() > 0 && outputs >= 0 && y.size() != outputs) {
      throw new IllegalArgumentException("Model '" + name() + "' has " + outputs + " output(s) "
          + outputNames() + " but " + what + " received " + y.size() + " target array(s)");
    }
    List<Boolean> stringInputs = IntStream.range(0, x.size()).mapToObj(i -> inputDtype(i) == DType.STRING).toList();
    DataChecks.checkArrays(x, "Input", inputNames(), stringInputs, name(), what);
    DataChecks.checkArrays(y, "Target", outputNames(), List.of(), name(), what);
    return new ModelData(x, y, n);
  }

  /** Arrays from a map keyed by input or output names, in the model's order. */
  private static List<NdArray<?>> byName(Map<String, ? extends NdArray<?>> arrays, List<String> names, String kind) {
    if (arrays == null) {
      throw new IllegalArgumentException("Received null instead of a map from " + kind + " names " + names
          + " to arrays");
    }
    for (String key : arrays.keySet()) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("No " + kind + " named '" + key + "'; the model's " + kind + "s are " + names);
      }
    }
    List<NdArray<?>> ordered = new ArrayList<>();
    for (String name : names) {
      NdArray<?> array = arrays.get(name);
      if (array == null) {
        throw new IllegalArgumentException("Missing data for " + kind + " '" + name + "'; the model's " + kind
            + "s are " + names);
      }
      ordered.add(array);
    }
    return ordered;
  }

  // ------------------------------------------------------------------ fit

  public History fit(NdArray<?> x, NdArray<?> y) {
    return fit(x, y, o -> {});
  }

  /** Trains the model: {@code fit(x, y, fit -> fit.epochs(10).batchSize(128).validationSplit(0.1))}. */
  public History fit(NdArray<?> x, NdArray<?> y, Consumer<FitOptions> options) {
    return fit(DataChecks.single(x, "x", "fit()"), DataChecks.single(y, "y", "fit()"), options);
  }

  /** Trains a model with several inputs or outputs, given by name. */
  public History fit(Map<String, ? extends NdArray<?>> x, Map<String, ? extends NdArray<?>> y,
      Consumer<FitOptions> options) {
    ensureBuiltForNames();
    return fit(byName(x, inputNames(), "input"), byName(y, outputNames(), "output"), options);
  }

  /**
   * Trains a model with several inputs or outputs: one array per input and per output, in order.
   *
   * @throws IllegalStateException when a fit is already running on this model (on another thread,
   *     or this is called from one of its callbacks)
   */
  public History fit(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, Consumer<FitOptions> options) {
    if (!fitting.compareAndSet(false, true)) {
      throw new IllegalStateException("A fit is already running on model '" + name() + "' (on another thread, "
          + "or this fit was called from one of its callbacks): a model trains in one fit at a time. Wait for "
          + "that fit to return, or train a separate model; evaluate, predict and save may be called meanwhile.");
    }
    try {
      return fitAlone(x, y, options);
    } finally {
      fitting.set(false);
    }
  }

  private History fitAlone(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, Consumer<FitOptions> options) {
    FitOptions o = new FitOptions();
    options.accept(o);
    Trainer t = requireCompiled("fit()");
    if (o.validationX() != null && o.validationSplit() > 0) {
      throw new IllegalArgumentException("Give validationData or validationSplit, not both");
    }
    ModelData prepared = prepare(x, y, t, "fit()");
    if (o.validationX() != null) {
      prepare(o.validationX(), o.validationY(), t, "validationData");
    }
    int n = prepared.samples();
    int trainCount = o.validationSplit() > 0 ? (int) Math.ceil(n * (1 - o.validationSplit())) : n;
    if (trainCount == 0 || trainCount == n && o.validationSplit() > 0) {
      throw new IllegalArgumentException("validationSplit " + o.validationSplit() + " of " + n
          + " samples leaves no training or no validation samples");
    }
    ModelData data = prepared.withSampleWeights(fitWeights(o, prepared, trainCount));
    int stepsPerEpoch = ceilDiv(trainCount, o.batchSize());

    // As Keras, a History among the user's callbacks is the one fit fills and returns.
    History history = o.callbacks().stream().filter(History.class::isInstance).map(History.class::cast)
        .findFirst().orElseGet(History::new);
    CallbackList callbacks = callbacks(history, o.verbose(), o.callbacks(),
        Map.of("epochs", o.epochs(), "steps", stepsPerEpoch, "verbose", o.verbose()));
    return callbacks.run(() -> {
      loop.fit(t, data, o, trainCount, callbacks);
      return history;
    });
  }

  /** The per-sample weights of a fit: sampleWeight as given, or made from classWeight; null for none. */
  private NdArray<?> fitWeights(FitOptions o, ModelData data, int trainCount) {
    if (o.classWeight() != null && o.sampleWeight() != null) {
      throw new IllegalArgumentException("You cannot give both classWeight and sampleWeight to fit; fold the "
          + "class weights into the sample weights");
    }
    if (o.sampleWeight() != null) {
      return SampleWeights.of(o.sampleWeight(), data.samples(), "fit");
    }
    if (o.classWeight() == null) {
      return null;
    }
    if (data.ys().size() != 1) {
      throw new IllegalArgumentException("classWeight is only supported for models with a single output; model '"
          + name() + "' has outputs " + outputNames() + ". Give sampleWeight instead");
    }
    return SampleWeights.fromClassWeights(o.classWeight(), data.ys().get(0), outputShapes().get(0), name(),
        trainCount);
  }

  /**
   * Writes this model's TensorFlow graph (the train, test and predict steps traced so far) to
   * {@code writer}, for TensorBoard's graph view.
   */
  public void writeGraph(dev.jkeras.backend.SummaryWriter writer, long step) {
    writer.graph(step, graph());
  }

  /**
   * Makes the {@code fit} that is starting begin at {@code epoch} (0-based) instead of its
   * {@code initialEpoch}; for callbacks such as {@link dev.jkeras.callbacks.BackupAndRestore}
   * that resume an interrupted run from {@code onTrainBegin}.
   */
  public void resumeFromEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    this.resumeEpoch = epoch;
  }

  /** The epoch set by {@link #resumeFromEpoch} for this fit (0 if none), cleared once read. */
  int takeResumeEpoch() {
    int epoch = resumeEpoch;
    resumeEpoch = 0;
    return epoch;
  }

  /**
   * Keras's {@code model.stop_training = True}: ends {@code fit} after the current batch (that epoch
   * still validates and ends, then {@code onTrainEnd} runs); for callbacks such as early stopping.
   * {@code fit} clears it when it starts.
   */
  public void stopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  /** Whether a stop of {@code fit} was requested. */
  public boolean stopTraining() {
    return stopTraining;
  }

  /** Keras's {@code model.stop_evaluating}: ends {@code evaluate} (or a validation) after the current batch. */
  public void stopEvaluating(boolean stop) {
    this.stopEvaluating = stop;
  }

  public boolean stopEvaluating() {
    return stopEvaluating;
  }

  /**
   * Keras's {@code model.stop_predicting}: ends {@code predict} after the current batch; it returns
   * the outputs of the batches run.
   */
  public void stopPredicting(boolean stop) {
    this.stopPredicting = stop;
  }

  public boolean stopPredicting() {
    return stopPredicting;
  }

  // ------------------------------------------------------------------ evaluate

  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y) {
    return evaluate(x, y, o -> {});
  }

  /** The loss and metrics on {@code (x, y)}, loss first, as an ordered map. */
  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y, Consumer<EvaluateOptions> options) {
    return evaluate(DataChecks.single(x, "x", "evaluate()"), DataChecks.single(y, "y", "evaluate()"), options);
  }

  public Map<String, Double> evaluate(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y) {
    return evaluate(x, y, o -> {});
  }

  public Map<String, Double> evaluate(Map<String, ? extends NdArray<?>> x, Map<String, ? extends NdArray<?>> y,
      Consumer<EvaluateOptions> options) {
    ensureBuiltForNames();
    return evaluate(byName(x, inputNames(), "input"), byName(y, outputNames(), "output"), options);
  }

  /** The loss (total and per output) and metrics of a model with several inputs or outputs. */
  public Map<String, Double> evaluate(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y,
      Consumer<EvaluateOptions> options) {
    EvaluateOptions o = new EvaluateOptions();
    options.accept(o);
    Trainer t = requireCompiled("evaluate()");
    ModelData prepared = prepare(x, y, t, "evaluate()");
    ModelData data = o.sampleWeight() == null ? prepared
        : prepared.withSampleWeights(SampleWeights.of(o.sampleWeight(), prepared.samples(), "evaluate"));
    Trainer.Steps steps = t.steps(data.signature());
    CallbackList callbacks = callbacks(null, o.verbose(), o.callbacks(),
        Map.of("steps", ceilDiv(data.samples(), o.batchSize()), "verbose", o.verbose()));
    return callbacks.run(() -> {
      try (DataFeeds feeds = DataFeeds.of(graph(), data.arrays())) {
        return loop.test(steps, feeds, range(0, data.samples()), o.batchSize(), callbacks);
      }
    });
  }

  // ------------------------------------------------------------------ predict

  public NdArray<?> predict(NdArray<?> x) {
    return predict(x, o -> {});
  }

  /** The model's output for {@code x}, computed in batches (inference mode); for single-output models. */
  public NdArray<?> predict(NdArray<?> x, Consumer<PredictOptions> options) {
    List<NdArray<?>> outputs = predict(DataChecks.single(x, "x", "predict()"), options);
    if (outputs.size() != 1) {
      throw new IllegalStateException("Model '" + name() + "' has " + outputs.size() + " outputs "
          + outputNames() + "; use predict(List.of(...)) to get them all");
    }
    return outputs.get(0);
  }

  public List<NdArray<?>> predict(List<? extends NdArray<?>> x) {
    return predict(x, o -> {});
  }

  /** One array per output (e.g. {@code [main, aux]}) for the inputs {@code x}. */
  public List<NdArray<?>> predict(List<? extends NdArray<?>> x, Consumer<PredictOptions> options) {
    PredictOptions o = new PredictOptions();
    options.accept(o);
    ModelData data = modelData(x, List.of(), "predict()");
    ensureBuiltFor(data.xs());
    int batches = ceilDiv(data.samples(), o.batchSize());
    CallbackList callbacks = callbacks(null, o.verbose(), o.callbacks(), Map.of("steps", batches, "verbose", o.verbose()));
    return callbacks.run(() -> predictLoop.run(data, o.batchSize(), o.training(), callbacks));
  }

  /** The rows {@code indices} of each fed input, in the dtype the model takes. */
  List<KerasTensor> batchInputs(List<KerasTensor> fed, KerasTensor indices) {
    List<KerasTensor> batch = new ArrayList<>();
    for (int i = 0; i < fed.size(); i++) {
      batch.add(Ops.cast(Ops.take(fed.get(i), indices), inputDtype(i)));
    }
    return batch;
  }

  // ------------------------------------------------------------------ export

  /**
   * Writes the model as a TensorFlow SavedModel for serving (tag {@code serve}, signature
   * {@code serving_default}), with inputs and outputs named as the model names them; TensorFlow's
   * own loaders (TF Serving, Python's {@code tf.saved_model.load}, {@link dev.jkeras.saving.SavedModels})
   * run it with the outputs {@code predict} gives.
   */
  public void export(String directory) {
    export(Path.of(directory));
  }

  public void export(Path directory) {
    export(directory, options -> {});
  }

  /**
   * Writes the SavedModel with extra signatures:
   * {@code export("exported/1", e -> e.endpoint("mc_dropout", s -> s.training(true)))}.
   */
  public void export(String directory, Consumer<ExportOptions> options) {
    export(Path.of(directory), options);
  }

  public void export(Path directory, Consumer<ExportOptions> options) {
    if (!isBuilt()) {
      throw new IllegalStateException("Model '" + name() + "' is not built yet: build it, or fit or predict once, "
          + "before exporting");
    }
    ExportOptions export = new ExportOptions();
    options.accept(export);
    claimWeights();
    List<dev.jkeras.backend.ExportSignature> signatures = new ArrayList<>();
    export.endpoints().forEach((key, endpoint) -> signatures.add(ServingSignature.trace(this, key, endpoint)));
    graph().exportSavedModel(directory, signatures);
  }

  // ------------------------------------------------------------------ saving

  /**
   * Saves the model to a {@code .keras} file, Keras 3's format: the architecture
   * ({@code config.json}), the weights and the optimizer's state ({@code model.weights.h5}) in a zip.
   * {@link Models#loadModel} gives back a model that predicts the same and, compiled as saved,
   * continues training where this one stopped. The file is written under a temporary name and
   * moved into place. A name ending in {@code .h5} or {@code .hdf5} writes Keras's legacy HDF5 model
   * file instead, as Keras 3 still does (with its warning that the format is legacy).
   */
  public void save(String path) {
    save(Path.of(path));
  }

  public void save(Path path) {
    String fileName = path.getFileName().toString();
    boolean legacy = fileName.endsWith(".h5") || fileName.endsWith(".hdf5");
    if (!fileName.endsWith(".keras") && !legacy) {
      throw new IllegalArgumentException("Invalid filepath extension for saving: " + path + ". Add a `.keras` "
          + "extension for Keras's model format (or `.h5` for the legacy HDF5 format), or use saveWeights for the "
          + "weights alone.");
    }
    requireBuiltFor("save");
    if (legacy) {
      LegacyModels.save(this, path);
      return;
    }
    KerasArchive.write(path, serialize(), savedValues(true));
  }

  /** Writes the weights (and the optimizer's state) as Keras's HDF5 weights file; any file name is accepted. */
  public void saveWeights(String path) {
    saveWeights(Path.of(path));
  }

  public void saveWeights(Path path) {
    requireBuiltFor("saveWeights");
    Map<String, WeightsFile.SavedObject> values = savedValues(true);
    AtomicFiles.write(path, staging -> WeightsFile.write(staging, values));
  }

  /**
   * Loads weights written by {@link #saveWeights} (or Keras's {@code save_weights}) into this model,
   * matched by layer position and class as Keras does; a file from a different architecture is refused
   * with the first mismatch, and nothing is changed then.
   */
  public void loadWeights(String path) {
    loadWeights(Path.of(path));
  }

  public void loadWeights(Path path) {
    requireBuiltFor("loadWeights");
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new IllegalArgumentException("No such weights file: " + path.toAbsolutePath());
    }
    if (LegacyModels.isLegacyWeights(path)) {
      LegacyModels.loadWeights(this, path);
      return;
    }
    restore(WeightsFile.read(path, WeightsFile.maxBytes(weights())), path.toString());
  }

  /** The model's architecture as JSON, as Keras's {@code model.to_json()}: what {@code config.json} holds. */
  public String toJson() {
    return Json.write(serialize());
  }

  /** The model as Keras serializes it in {@code config.json}: class, config, build and compile configs. */
  Map<String, Object> serialize() {
    Map<String, Object> serialized = Serialization.serialize(this);
    Map<String, Object> build = new LinkedHashMap<>();
    List<Shape> shapes = inputShapes();
    build.put("input_shape", shapes.size() == 1 ? Shapes.toJson(shapes.get(0))
        : shapes.stream().map(Shapes::toJson).toList());
    serialized.put("build_config", build);
    if (trainer != null) {
      serialized.put("compile_config", trainer.options().toConfig());
    }
    return serialized;
  }

  /** The current value of every saved variable, by object path; builds the optimizer's state first. */
  private Map<String, WeightsFile.SavedObject> savedValues(boolean withOptimizer) {
    claimWeights();
    buildOptimizerState();
    Map<String, WeightsFile.SavedObject> values = new LinkedHashMap<>();
    SavedState.of(this, withOptimizer).forEach((path, entry) -> values.put(path,
        new WeightsFile.SavedObject(entry.name(), entry.variables().stream().<NdArray<?>>map(Variable::read).toList())));
    return values;
  }

  /** Creates the optimizer's slots for every trainable weight, as Keras builds its optimizer. */
  void buildOptimizerState() {
    Trainer t = trainer;
    if (t != null) {
      ModelGraph g = graph();
      List<Variable> trainable = trainableWeights();
      whileBuilding(() -> g.trace(() -> {
        t.optimizer().build(trainable);
        return null;
      }));
    }
  }

  /** Assigns saved values to this model's variables, after checking every one fits. */
  void restore(Map<String, List<NdArray<?>>> saved, String source) {
    claimWeights();
    buildOptimizerState();
    Map<String, SavedState.Entry> expected = SavedState.of(this, true);
    List<Runnable> writes = new ArrayList<>();
    for (Map.Entry<String, SavedState.Entry> item : expected.entrySet()) {
      String path = item.getKey();
      List<Variable> variables = item.getValue().variables();
      List<NdArray<?>> values = saved.getOrDefault(path, List.of());
      if (path.equals("optimizer") && values.size() != variables.size()) {
        if (!values.isEmpty()) {
          LOG.log(System.Logger.Level.WARNING, "Skipping variable loading for optimizer '" + item.getValue().name()
              + "', because it has " + variables.size() + " variables whereas the saved optimizer has "
              + values.size() + " variables.");
        }
        continue;
      }
      if (values.size() != variables.size()) {
        throw new IllegalArgumentException("Layer '" + item.getValue().name() + "' expected " + variables.size()
            + " variables, but " + source + " has " + values.size() + " at '" + path + "'. The file was saved from "
            + "a model with a different architecture; it holds weights for " + savedPaths(saved));
      }
      for (int i = 0; i < values.size(); i++) {
        Variable variable = variables.get(i);
        NdArray<?> value = values.get(i);
        Shape shape = Shape.of(value.shape().asArray());
        if (!shape.equals(variable.shape())) {
          throw new IllegalArgumentException("Layer '" + item.getValue().name() + "' weight '" + variable.name()
              + "' has shape " + variable.shape() + ", but " + source + " holds shape " + shape + " at '" + path
              + "/vars/" + i + "'. The file was saved from a model with a different architecture.");
        }
        NdArray<?> converted = SavedValues.forVariable(value, variable, source + " at '" + path + "/vars/" + i + "'");
        writes.add(() -> variable.write(converted));
      }
    }
    for (Map.Entry<String, List<NdArray<?>>> item : saved.entrySet()) {
      boolean optimizerOfUncompiled = item.getKey().equals("optimizer");
      if (!item.getValue().isEmpty() && !expected.containsKey(item.getKey()) && !optimizerOfUncompiled) {
        throw new IllegalArgumentException(source + " holds weights at '" + item.getKey() + "', which model '"
            + name() + "' does not have: the file was saved from a model with a different architecture. "
            + "This model's objects are " + expected.keySet());
      }
    }
    writes.forEach(Runnable::run);
  }

  private static List<String> savedPaths(Map<String, List<NdArray<?>>> saved) {
    return saved.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
  }

  private void requireBuiltFor(String what) {
    if (!isBuilt()) {
      throw new IllegalStateException("Model '" + name() + "' is not built yet, so it has no weights to " + what
          + ": build it (model.build(shape)), or fit or predict once, first.");
    }
  }

  /** A Functional model's layer graph, a Sequential's layers, or a subclass's name and trainable flag. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    if (functional != null) {
      config.remove("dtype");
      functional.writeConfig(config);
    }
    return config;
  }

  /** {@code Functional} for models made from Inputs and outputs, as Keras names them. */
  @Override
  public String kerasClassName() {
    return functional != null && getClass() == Model.class ? "Functional" : super.kerasClassName();
  }

  /** Rebuilds a Functional model from its saved config. */
  public static Model fromConfig(Config config) {
    List<List<KerasTensor>> ends = Functional.rebuild(config);
    return new Model(ends.get(0), ends.get(1));
  }

  /** Compiles this model as a saved {@code compile_config} says. */
  void compileFromConfig(Config config) {
    compile(options -> options.fromConfig(config));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * As Keras's {@code CallbackList}: the user's callbacks first, then History (when given), then the
   * progress bar when verbose, so that what user callbacks add to the logs (e.g. {@code learning_rate})
   * is recorded and shown.
   */
  private CallbackList callbacks(History history, int verbose, List<Callback> user, Map<String, Object> params) {
    List<Callback> all = new ArrayList<>(user);
    if (history != null && !all.contains(history)) {
      all.add(history);
    }
    if (verbose > 0 && all.stream().noneMatch(ProgbarLogger.class::isInstance)) {
      all.add(new ProgbarLogger());
    }
    CallbackList list = new CallbackList(all);
    list.setModel(this);
    list.setParams(params);
    return list;
  }

  static int[] range(int from, int to) {
    int[] values = new int[to - from];
    for (int i = 0; i < values.length; i++) {
      values[i] = from + i;
    }
    return values;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Builds for x if needed, and checks the inputs and the labels fit the model. */
  private ModelData prepare(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, Trainer t, String what) {
    ModelData data = modelData(x, y, what);
    ensureBuiltFor(data.xs());
    List<Shape> outputShapes = outputShapes();
    List<String> outputNames = outputNames();
    List<Loss> losses = t.losses();
    for (int i = 0; i < Math.min(outputShapes.size(), data.ys().size()); i++) {
      DataChecks.checkTargets(losses.get(i), data.ys().get(i), outputShapes.get(i), outputNames.get(i), what);
      DataChecks.checkMetricTargets(t.options().metrics(), data.ys().get(i), outputShapes.get(i), outputNames.get(i),
          what);
      DataChecks.checkMetricTargets(t.options().weightedMetrics(), data.ys().get(i), outputShapes.get(i),
          outputNames.get(i), what);
    }
    return data;
  }

  private void ensureBuiltFor(List<NdArray<?>> xs) {
    if (!isBuilt()) {
      build(xs.stream().map(x -> DataChecks.shapeOf(x).with(0, Shape.UNKNOWN)).toList());
    }
    claimWeights();
  }

  /** Makes this model's graph hold the current value of every weight, which layers shared with other models may have changed. */
  void claimWeights() {
    ModelGraph g = graph();
    for (Variable weight : weights()) {
      if (weight instanceof KerasVariable shared) {
        shared.makeHome(g);
      }
    }
  }

  private void ensureBuiltForNames() {
    if (!isBuilt() && functional == null) {
      throw new IllegalStateException("Build model '" + name() + "' before passing data by name");
    }
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

  /**
   * Releases the model's graph and native memory now; the model is unusable afterwards. Values of
   * layers shared with other models move to one of them first. An unclosed model is reclaimed when
   * it becomes unreachable, but only the garbage collector decides when.
   */
  @Override
  public void close() {
    if (graph != null) {
      if (trainer != null) {
        trainer.optimizer().release(graph);
      }
      for (Variable weight : weights()) {
        if (weight instanceof KerasVariable shared) {
          shared.evacuate(graph);
        }
      }
      graph.close();
      graph = null;
    }
  }
}
