package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.KerasVariable;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.CallbackList;
import dev.jkeras.callbacks.History;
import dev.jkeras.callbacks.ProgbarLogger;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Node;
import dev.jkeras.losses.Loss;
import dev.jkeras.metrics.Metric;
import dev.jkeras.optimizers.Optimizer;
import dev.jkeras.backend.AtomicFiles;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Json;
import dev.jkeras.saving.KerasArchive;
import dev.jkeras.saving.Serialization;
import dev.jkeras.saving.Shapes;
import dev.jkeras.saving.WeightsFile;
import dev.jkeras.trainers.CompileConfig;
import dev.jkeras.trainers.FitConfig;
import dev.jkeras.trainers.StepBody;
import dev.jkeras.trainers.StepBodyOfLists;
import dev.jkeras.trainers.StepFunction;
import dev.jkeras.trainers.Trainer;
import dev.jkeras.data.Dataset;
import dev.jkeras.data.ElementSpec;
import dev.jkeras.trainers.adapters.ArrayData;
import dev.jkeras.trainers.adapters.ArrayDataAdapter;
import dev.jkeras.trainers.adapters.DataAdapter;
import dev.jkeras.trainers.adapters.DatasetAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.FloatNdArray;
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

  private volatile ModelGraph graph;
  /** The construction graphs of a Functional model's symbolic tensors, released when it closes. */
  private List<ModelGraph> constructionGraphs = List.of();
  /** Guards the Java side of building: the graph's creation, the build and the traced steps. */
  private final Object buildLock = new Object();
  private boolean building;
  /** Declared after {@link #buildLock}, which the trainer reads when it is made. */
  private final Trainer trainer = new Trainer(new ModelView(this));
  /** The callbacks of a loop given none and no progress bar: an empty list, made once. */
  private final IntFunction<CallbackList> noCallbacks = new IntFunction<>() {
    private volatile CallbackList none;

    @Override
    public CallbackList apply(int steps) {
      CallbackList list = none;
      if (list == null) {
        list = new CallbackList(List.of());
        list.setModel(Model.this);
        none = list;
      }
      return list;
    }
  };

  /** What the targets' shapes were last checked against: the compile, its losses, the build, and the targets' dtypes and shapes. */
  private record TargetShapes(CompileOptions compiled, List<Loss> losses, List<Shape> outputs, List<Shape> targets,
      List<DType> targetTypes) {
    /** The same compile, losses and build (the same objects), and targets of equal shapes and dtypes. */
    boolean sameAs(TargetShapes other) {
      if (other == null || compiled != other.compiled || outputs != other.outputs
          || losses.size() != other.losses.size()) {
        return false;
      }
      for (int i = 0; i < losses.size(); i++) {
        if (losses.get(i) != other.losses.get(i)) {
          return false;
        }
      }
      return targets.equals(other.targets) && targetTypes.equals(other.targetTypes);
    }
  }

  private volatile TargetShapes checkedTargetShapes;

  /** The graph and {@link KerasVariable#homeMoves} at which every weight was last seen home; see {@link #claimWeights}. */
  private record Claim(ModelGraph graph, long moves) {}

  private final Object claimLock = new Object();
  private volatile Claim claim;
  private long claimResets;
  /** The datasets last given to fit, evaluate or predict, built into the graph once. */
  private final DatasetPipelines datasetPipelines = new DatasetPipelines();
  /** What compile was given, for compile_config and the target checks; null until compiled. */
  private CompileOptions compileOptions;

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
    this(inputs, false, outputs, null);
  }

  /**
   * A Functional model with outputs by name, as Keras's {@code Model(inputs, {"main": y, "aux": z})}:
   * the keys are the output names ({@link #outputNames()}, in sorted order as Keras flattens a dict),
   * so {@code predict(Map)} returns arrays by key, and losses, metrics and logs go by key
   * ({@code main_loss}, {@code aux_mae}).
   */
  public Model(List<KerasTensor> inputs, Map<String, KerasTensor> outputs) {
    this(inputs, false, sortedValues(outputs, "outputs"), sortedKeys(outputs, "outputs"));
  }

  /** One input, outputs by name. */
  public Model(KerasTensor input, Map<String, KerasTensor> outputs) {
    this(List.of(input), outputs);
  }

  /**
   * A Functional model with inputs by name, as Keras's {@code Model({"wide": a, "deep": b}, ...)}:
   * each Input takes its key as its name, so {@code fit(Map, ...)} and {@code predict(Map)} take
   * arrays by key.
   */
  public Model(Map<String, KerasTensor> inputs, List<KerasTensor> outputs) {
    this(namedInputs(inputs), true, outputs, null);
  }

  /** Inputs and outputs by name: {@code new Model(Map.of("wide", a, "deep", b), Map.of("main", y, "aux", z))}. */
  public Model(Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs) {
    this(namedInputs(inputs), true, sortedValues(outputs, "outputs"), sortedKeys(outputs, "outputs"));
  }

  private Model(List<KerasTensor> inputs, boolean inputsByName, List<KerasTensor> outputs, List<String> outputKeys) {
    rename(uniqueName("functional"));
    for (KerasTensor input : inputs) {
      Node node = Node.of(input);
      if (input.name() != null && node != null && node.call().layer() instanceof InputLayer layer) {
        layer.name(input.name());
      }
    }
    this.functional = new Functional(inputs, inputsByName, outputs, outputKeys);
    this.constructionGraphs = ConstructionGraphs.adopt(functional.constructionGraphs());
    this.builtInputShapes = inputs.stream().map(KerasTensor::shape).toList();
    this.builtOutputShapes = outputs.stream().map(KerasTensor::shape).toList();
    markBuilt(builtInputShapes.get(0), builtOutputShapes.get(0));
  }

  private static List<String> sortedKeys(Map<String, KerasTensor> tensors, String what) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("A Functional model needs at least one of its " + what + ", got " + tensors);
    }
    tensors.forEach((key, tensor) -> {
      if (key == null || tensor == null) {
        throw new IllegalArgumentException("The " + what + " map has a null key or tensor: " + tensors);
      }
    });
    return new java.util.TreeSet<>(tensors.keySet()).stream().toList();
  }

  private static List<KerasTensor> sortedValues(Map<String, KerasTensor> tensors, String what) {
    return sortedKeys(tensors, what).stream().map(tensors::get).toList();
  }

  /** The inputs in sorted key order, each Input named by its key. */
  private static List<KerasTensor> namedInputs(Map<String, KerasTensor> inputs) {
    List<KerasTensor> ordered = new ArrayList<>();
    for (String key : sortedKeys(inputs, "inputs")) {
      KerasTensor input = inputs.get(key);
      Node node = Node.of(input);
      if (node == null || !(node.call().layer() instanceof InputLayer layer)) {
        throw new IllegalArgumentException("Model inputs must be tensors made by Input.of(...), got " + input
            + " for key '" + key + "'");
      }
      if (input.name() != null && !input.name().equals(key)) {
        throw new IllegalArgumentException("The input under key '" + key + "' is named '" + input.name()
            + "'; with inputs given as a map, each key must be its Input's name. Name it '" + key
            + "' (Input.of(...).name(\"" + key + "\")) or use that key.");
      }
      layer.name(key);
      ordered.add(input);
    }
    return ordered;
  }

  /** A Functional model with one input and one output. */
  public Model(KerasTensor input, KerasTensor output) {
    this(List.of(input), List.of(output));
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

  /** The lock (reentrant) that serializes building and tracing on this model. */
  Object buildLock() {
    return buildLock;
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

  /**
   * The names of the outputs: the keys of outputs given as a map, else the names of the layers
   * producing them (Keras's convention).
   */
  public List<String> outputNames() {
    if (functional != null && functional.outputKeys() != null) {
      return functional.outputKeys();
    }
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

  int expectedInputCount() {
    return functional != null ? functional.inputs().size() : isBuilt() ? builtInputShapes.size() : -1;
  }

  int expectedOutputCount() {
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

  private java.util.function.Supplier<KerasTensor> inputPlaceholder(ModelGraph g, int index, Shape shape) {
    return () -> g.placeholder("input", inputDtype(index), shape);
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

  /**
   * As {@link #build(Shape)}, for a batch shape written with TensorFlow Java's
   * {@code org.tensorflow.ndarray.Shape} (the one {@code NdArrays} takes), {@code -1} for the unknown
   * batch size: {@code model.build(Shape.of(-1, 8))} in a program that imports only that Shape.
   */
  public void build(org.tensorflow.ndarray.Shape batchInputShape) {
    build(Shape.of(batchInputShape));
  }

  /** Builds a model with several inputs, one batch shape each. */
  @Override
  public void build(List<Shape> batchInputShapes) {
    synchronized (buildLock) {
      if (building || isBuilt()) {
        return;
      }
      building = true;
      forgetClaim();
      try {
        ModelGraph g = graph();
        List<KerasTensor> placeholders = new java.util.ArrayList<>();
        for (int i = 0; i < batchInputShapes.size(); i++) {
          placeholders.add(g.trace(inputPlaceholder(g, i, batchInputShapes.get(i))));
        }
        List<KerasTensor> outputs = g.trace(() -> applyAll(placeholders, false));
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
    forgetClaim();
    layers().forEach(Layer::resetBuild);
    resetBuild();
    builtInputShapes = List.of();
    builtOutputShapes = List.of();
    builtOutputs = List.of();
    trainer.uncompile();
    compileOptions = null;
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }

  /** Its own and its layers' weight changes after build: the steps traced before a change are stale. */
  @Override
  public long weightsVersion() {
    long version = super.weightsVersion();
    for (Layer layer : layers()) {
      version += layer.weightsVersion();
    }
    return version;
  }

  /** Forgets the traced steps, so the next fit, evaluate or predict traces the model again. */
  protected void invalidateSteps() {
    forgetClaim();
    trainer.invalidate();
  }

  /** The batch input shape the model was built for, or null. */
  public Shape inputShape() {
    return builtInputShape();
  }

  // ------------------------------------------------------------------ weights

  /**
   * Freezes ({@code false}) or unfreezes the model and, as Keras's {@code model.trainable = ...} does,
   * every one of its layers, nested models included: a frozen base's BatchNormalization layers then run
   * in inference mode. To fine-tune part of a model, set it trainable, then freeze single layers again.
   */
  @Override
  public Model trainable(boolean trainable) {
    super.trainable(trainable);
    layers().forEach(layer -> layer.trainable(trainable));
    return this;
  }

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
    all.addAll(addedLosses());
    return all;
  }

  @Override
  public void clearAddedLosses() {
    super.clearAddedLosses();
    layers().forEach(Layer::clearAddedLosses);
  }

  /** The constraints of the weights of every layer. */
  @Override
  public Map<Variable, Constraint> constraints() {
    Map<Variable, Constraint> all = new IdentityHashMap<>();
    layers().forEach(l -> all.putAll(l.constraints()));
    return all;
  }

  // ------------------------------------------------------------------ compile

  /** {@code compile(optimizer)} without a loss, for a model whose overridden {@code trainStep} computes its own. */
  public void compile(Optimizer optimizer) {
    compile(c -> c.optimizer(optimizer));
  }

  /** {@code compile("sgd", "sparse_categorical_crossentropy", "accuracy")}. */
  public void compile(String optimizer, String loss, String... metrics) {
    compile(c -> c.optimizer(optimizer).loss(loss).metrics(metrics));
  }

  public void compile(Optimizer optimizer, String loss, String... metrics) {
    compile(c -> c.optimizer(optimizer).loss(loss).metrics(metrics));
  }

  /**
   * {@code compile(new Adam(), new MeanSquaredError(), "mae", new RootMeanSquaredError())}: metric
   * names and {@link Metric} objects, mixed as Keras takes them.
   */
  public void compile(Optimizer optimizer, Loss loss, Object... metrics) {
    compile(c -> c.optimizer(optimizer).loss(loss).metrics(metrics));
  }

  /** {@code compile(c -> c.optimizer("adam").loss("mse").metrics("mae"))}. */
  public void compile(UnaryOperator<CompileOptions> options) {
    compile(options.apply(CompileOptions.defaults()));
  }

  /** Compiles with options made once and kept: {@code compile(CompileOptions.defaults().loss("mse"))}. */
  public void compile(CompileOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("compile needs options, e.g. c -> c.optimizer(\"adam\").loss(\"mse\")");
    }
    CompileOptions made = options.withOptimizerMade();
    this.compileOptions = made;
    // As Keras 3, no loss is needed when trainStep is overridden; the default one then fails clearly.
    trainer.compile(new CompileConfig(made.optimizer(), names -> made.hasLoss() ? made.lossesFor(names) : null,
        made::weightsFor, made.metrics(), made.weightedMetrics(), made.metricsByOutput(),
        made.weightedMetricsByOutput(), made.stepsPerExecution()));
  }

  public boolean isCompiled() {
    return trainer.isCompiled();
  }

  /** The optimizer given to {@code compile}. */
  public Optimizer optimizer() {
    return requireCompiled("optimizer").optimizer();
  }

  private Trainer requireCompiled(String what) {
    if (!trainer.isCompiled()) {
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
    // As Keras's train step: the loss is scaled for the gradients only (a LossScaleOptimizer's scale).
    applyGradients(gradients(optimizer().scaleLoss(loss), trainable), trainable);
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

  // ------------------------------------------------------------------ custom loops and single batches

  /**
   * A custom training step, traced once per data signature and run batch by batch, for a Keras 3
   * training loop written from scratch:
   * <pre>{@code
   * StepFunction step = model.stepFunction((x, y, tape) -> {
   *   KerasTensor yPred = model.apply(x, true);
   *   KerasTensor loss = Ops.add(Ops.mean(lossFn.call(y, yPred)), Ops.addN(model.losses()));
   *   List<Variable> weights = model.trainableWeights();
   *   optimizer.applyGradients(tape.gradient(loss, weights), weights);
   *   meanLoss.updateValues(loss);
   *   return Map.of("loss", meanLoss.result());
   * });
   * Map<String, Double> logs = step.run(xBatch, yBatch);   // one session run
   * }</pre>
   * The optimizer needs no {@code compile}; its state is built on first use. Every update the body
   * makes (optimizer, metrics, layers) runs each time the step runs.
   */
  public StepFunction stepFunction(StepBody body) {
    java.util.Objects.requireNonNull(body, "the step body");
    return stepFunctionOfLists((xs, ys, tape) -> {
      if (xs.size() != 1 || ys.size() != 1) {
        throw new IllegalArgumentException("The step body of model '" + name() + "' takes one x and one y, but the "
            + "batch has " + xs.size() + " input(s) and " + ys.size() + " target(s); write it over lists: "
            + "model.stepFunctionOfLists((xs, ys, tape) -> ...)");
      }
      return body.step(xs.get(0), ys.get(0), tape);
    });
  }

  /**
   * A custom training step of a model with several inputs or outputs: as {@link #stepFunction}, the
   * body taking the batch's inputs and targets as lists in {@link #inputNames()} / {@link
   * #outputNames()} order; run it with lists ({@code step.run(List.of(xWide, xDeep), List.of(y))}) or
   * by name ({@code step.run(Map.of("wide", xWide, "deep", xDeep), Map.of("main", y))}).
   */
  public StepFunction stepFunctionOfLists(StepBodyOfLists body) {
    return trainer.stepFunction(body, new StepFunction.Batches() {
      @Override
      public ArrayData of(List<? extends NdArray<?>> xs, List<? extends NdArray<?>> ys) {
        ArrayData data = ModelArrays.of(Model.this, DataChecks.arrays(xs, "x", "stepFunction"),
            DataChecks.arrays(ys, "y", "stepFunction"), "stepFunction");
        ensureBuiltFor(data.xs());
        return data;
      }

      @Override
      public ArrayData byName(Map<String, ? extends NdArray<?>> xs, Map<String, ? extends NdArray<?>> ys) {
        ensureBuiltForNames();
        return of(ModelArrays.byName(xs, inputNames(), "input"), ModelArrays.byName(ys, outputNames(), "output"));
      }
    });
  }

  /**
   * One training step on {@code x, y} as a single batch (Keras's {@code train_on_batch}): the loss
   * and the metrics' values in Keras's order (loss first). As Keras 3, the metrics are reset before
   * the step, so the values are this batch's.
   */
  public List<Double> trainOnBatch(NdArray<?> x, NdArray<?> y) {
    return List.copyOf(trainOnBatchLogs(x, y).values());
  }

  /** As {@link #trainOnBatch}, the values by name (Keras's {@code return_dict=True}). */
  public Map<String, Double> trainOnBatchLogs(NdArray<?> x, NdArray<?> y) {
    requireCompiled("trainOnBatch()");
    ArrayData data = prepare(DataChecks.single(x, "x", "trainOnBatch()"), DataChecks.single(y, "y", "trainOnBatch()"),
        "trainOnBatch()");
    return trainer.alone(() -> trainer.trainOnBatch(data));
  }

  /** One evaluation step on {@code x, y} as a single batch (Keras's {@code test_on_batch}); values as {@link #trainOnBatch}. */
  public List<Double> testOnBatch(NdArray<?> x, NdArray<?> y) {
    return List.copyOf(testOnBatchLogs(x, y).values());
  }

  /** As {@link #testOnBatch}, the values by name. */
  public Map<String, Double> testOnBatchLogs(NdArray<?> x, NdArray<?> y) {
    requireCompiled("testOnBatch()");
    return trainer.testOnBatch(prepare(DataChecks.single(x, "x", "testOnBatch()"),
        DataChecks.single(y, "y", "testOnBatch()"), "testOnBatch()"));
  }

  /** The model's output for {@code x} as a single batch (Keras's {@code predict_on_batch}). */
  public FloatNdArray predictOnBatch(NdArray<?> x) {
    return call(x, false);
  }

  /** Zeroes the loss tracker, the compiled metrics and the metrics the model holds (Keras's {@code reset_metrics}). */
  public void resetMetrics() {
    trainer.resetMetrics();
  }

  /**
   * Keras's {@code metrics}: the loss tracker and the compiled metrics (those once a step was traced),
   * then the {@link Metric}s the model holds in its fields or its layers' fields; {@code fit} and
   * {@code evaluate} reset them all at the start of each epoch.
   */
  public List<Metric> metrics() {
    return trainer.metrics();
  }

  /**
   * The model on arrays, for quick inference (Keras's {@code model(x)}): one batch, inference mode.
   */
  public FloatNdArray call(NdArray<?> x) {
    return call(x, false);
  }

  /** The model on arrays as one batch, in training mode or not (Keras's {@code model(x, training=...)}). */
  public FloatNdArray call(NdArray<?> x, boolean training) {
    long n = DataChecks.shapeOf(x).get(0);
    return predict(x, p -> p.batchSize((int) Math.max(1, n)).verbose(0).training(training));
  }

  // ------------------------------------------------------------------ fit

  public History fit(NdArray<?> x, NdArray<?> y) {
    return fit(x, y, FitOptions.defaults());
  }

  /** Trains the model: {@code fit(x, y, fit -> fit.epochs(10).batchSize(128).validationSplit(0.1))}. */
  public History fit(NdArray<?> x, NdArray<?> y, UnaryOperator<FitOptions> options) {
    return fit(x, y, options.apply(FitOptions.defaults()));
  }

  /** Trains the model with options made once and kept: {@code fit(x, y, FitOptions.defaults().epochs(10))}. */
  public History fit(NdArray<?> x, NdArray<?> y, FitOptions options) {
    return fit(DataChecks.single(x, "x", "fit()"), DataChecks.single(y, "y", "fit()"), options);
  }

  /** Trains a model with several inputs or outputs, given by name. */
  public History fit(Map<String, ? extends NdArray<?>> x, Map<String, ? extends NdArray<?>> y,
      UnaryOperator<FitOptions> options) {
    return fit(x, y, options.apply(FitOptions.defaults()));
  }

  public History fit(Map<String, ? extends NdArray<?>> x, Map<String, ? extends NdArray<?>> y, FitOptions options) {
    ensureBuiltForNames();
    return fit(ModelArrays.byName(x, inputNames(), "input"), ModelArrays.byName(y, outputNames(), "output"),
        options);
  }

  /** Trains a model with several inputs or outputs: one array per input and per output, in order. */
  public History fit(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, UnaryOperator<FitOptions> options) {
    return fit(x, y, options.apply(FitOptions.defaults()));
  }

  /**
   * Trains a model with several inputs or outputs: one array per input and per output, in order.
   *
   * @throws IllegalStateException when a fit is already running on this model (on another thread,
   *     or this is called from one of its callbacks)
   */
  public History fit(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, FitOptions options) {
    requireOptions(options, "fit", "FitOptions");
    return trainer.alone(() -> fitAlone(x, y, options));
  }

  private History fitAlone(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, FitOptions o) {
    requireCompiled("fit()");
    if (o.stepsPerEpoch() > 0 || o.validationSteps() > 0 || o.validationDataset() != null) {
      throw new IllegalArgumentException("stepsPerEpoch, validationSteps and validationData(dataset) apply to fit on a "
          + "Dataset; on arrays an epoch is one pass over them. Give the arrays as Dataset.fromTensorSlices(x, y)"
          + ".batch(n) to use them");
    }
    if (o.validationX() != null && o.validationSplit() > 0) {
      throw new IllegalArgumentException("Give validationData or validationSplit, not both");
    }
    ArrayData prepared = prepare(x, y, "fit()");
    ArrayData validation = o.validationX() == null ? null : prepare(o.validationX(), o.validationY(), "validationData");
    int n = prepared.samples();
    int trainCount = o.validationSplit() > 0 ? (int) Math.ceil(n * (1 - o.validationSplit())) : n;
    if (trainCount == 0 || trainCount == n && o.validationSplit() > 0) {
      throw new IllegalArgumentException("validationSplit " + o.validationSplit() + " of " + n
          + " samples leaves no training or no validation samples");
    }
    ArrayData data = prepared.withSampleWeights(ModelArrays.fitWeights(this, o, prepared, trainCount));
    if (validation != null && o.validationSampleWeight() != null) {
      validation = validation.withSampleWeights(SampleWeights.of(o.validationSampleWeight(), validation.samples(),
          "validationData"));
    }
    // As Keras, a History among the user's callbacks is the one fit fills and returns.
    History history = o.callbacks().stream().filter(History.class::isInstance).map(History.class::cast)
        .findFirst().orElseGet(History::new);
    trainer.fit(data, trainCount, validation, new FitConfig(o.epochs(), o.batchSize(), o.shuffle(), o.initialEpoch()),
        steps -> callbacks(history, o.verbose(), o.callbacks(),
            Map.of("epochs", o.epochs(), "steps", steps, "verbose", o.verbose())));
    return history;
  }

  // ------------------------------------------------------------------ fit, evaluate, predict on a Dataset

  /** Trains on a {@link Dataset} of {@code (x, y)} or {@code (x, y, sampleWeight)} batches, one epoch. */
  public History fit(Dataset dataset) {
    return fit(dataset, FitOptions.defaults());
  }

  /**
   * Trains on a {@link Dataset} of {@code (x, y)} or {@code (x, y, sampleWeight)} batches (x a tensor,
   * a tuple in input order or a dict by input name): {@code fit(train, fit -> fit.epochs(3).validationData(valid))}.
   * The pipeline runs in the model's graph, feeding the step directly; an epoch is one pass over the
   * dataset unless {@code stepsPerEpoch} is given. Batching, shuffling and weighting are the
   * dataset's: {@code batchSize}, {@code shuffle}, {@code validationSplit}, {@code sampleWeight} and
   * {@code classWeight} do not apply.
   */
  public History fit(Dataset dataset, UnaryOperator<FitOptions> options) {
    return fit(dataset, options.apply(FitOptions.defaults()));
  }

  public History fit(Dataset dataset, FitOptions options) {
    requireOptions(options, "fit", "FitOptions");
    if (dataset == null) {
      throw new IllegalArgumentException("fit received null instead of a Dataset");
    }
    return trainer.alone(() -> fitDatasetAlone(dataset, options));
  }

  private History fitDatasetAlone(Dataset dataset, FitOptions o) {
    requireCompiled("fit()");
    if (o.validationSplit() > 0) {
      throw new IllegalArgumentException("validationSplit is only supported for arrays, not for a Dataset; give "
          + "validationData(dataset) instead (e.g. dataset.take(n) and dataset.skip(n))");
    }
    if (o.sampleWeight() != null || o.classWeight() != null) {
      throw new IllegalArgumentException("sampleWeight and classWeight are not supported with a Dataset; give each "
          + "batch's weights as the third part of its elements: (x, y, sampleWeight)");
    }
    DataAdapter training = datasetAdapter(dataset, true, "fit()");
    DataAdapter validation;
    try {
      validation = o.validationDataset() != null ? datasetAdapter(o.validationDataset(), true, "validationData")
          : o.validationX() != null ? validationArrays(o) : null;
    } catch (RuntimeException e) {
      training.close();
      throw e;
    }
    History history = o.callbacks().stream().filter(History.class::isInstance).map(History.class::cast)
        .findFirst().orElseGet(History::new);
    Map<String, Object> params = new java.util.HashMap<>(Map.of("epochs", o.epochs(), "verbose", o.verbose()));
    try {
      trainer.fit(training, validation, new FitConfig(o.epochs(), o.batchSize(), false, o.initialEpoch(),
              o.stepsPerEpoch(), o.validationSteps()),
          steps -> callbacks(history, o.verbose(), o.callbacks(), withSteps(params, steps)));
    } catch (dev.jkeras.backend.data.DataLossException loss) {
      throw locateDamage(loss, training, validation);
    }
    return history;
  }

  private static Map<String, Object> withSteps(Map<String, Object> params, int steps) {
    Map<String, Object> all = new java.util.HashMap<>(params);
    all.put("steps", steps);
    return Map.copyOf(all);
  }

  private DataAdapter validationArrays(FitOptions o) {
    ArrayData validation = prepare(o.validationX(), o.validationY(), "validationData");
    if (o.validationSampleWeight() != null) {
      validation = validation.withSampleWeights(SampleWeights.of(o.validationSampleWeight(), validation.samples(),
          "validationData"));
    }
    return ArrayDataAdapter.of(graph(), validation, o.batchSize());
  }

  /** {@code dataset} built into this model's graph, its elements checked against the model's inputs. */
  private DataAdapter datasetAdapter(Dataset dataset, boolean withTargets, String what) {
    if (dataset.isGenerated()) {
      ElementSpec spec = dataset.elementSpec();
      DatasetAdapter.DatasetLayout layout = withTargets ? ModelDatasets.forTraining(this, spec, what)
          : ModelDatasets.forPredict(this, spec, what);
      claimWeights();
      return new dev.jkeras.trainers.adapters.GeneratorAdapter(graph(), dataset, layout);
    }
    DatasetAdapter adapter = datasetPipelines.adapter(dataset, withTargets, graph(), () -> {
      ElementSpec spec = dataset.elementSpec();
      return withTargets ? ModelDatasets.forTraining(this, spec, what) : ModelDatasets.forPredict(this, spec, what);
    });
    claimWeights();
    return adapter;
  }

  /** The loss and metrics over a {@link Dataset} of {@code (x, y)} or {@code (x, y, sampleWeight)} batches. */
  public Map<String, Double> evaluate(Dataset dataset) {
    return evaluate(dataset, EvaluateOptions.defaults());
  }

  public Map<String, Double> evaluate(Dataset dataset, UnaryOperator<EvaluateOptions> options) {
    return evaluate(dataset, options.apply(EvaluateOptions.defaults()));
  }

  /** As {@link #evaluate(Dataset)}; {@code steps} limits the batches, the dataset's batching applies. */
  public Map<String, Double> evaluate(Dataset dataset, EvaluateOptions o) {
    requireOptions(o, "evaluate", "EvaluateOptions");
    requireCompiled("evaluate()");
    if (o.sampleWeight() != null) {
      throw new IllegalArgumentException("sampleWeight is not supported with a Dataset; give each batch's weights "
          + "as the third part of its elements: (x, y, sampleWeight)");
    }
    DataAdapter adapter = datasetAdapter(dataset, true, "evaluate()");
    try {
      return trainer.evaluate(adapter, o.steps(),
          loopCallbacks(o.verbose(), o.callbacks()));
    } catch (dev.jkeras.backend.data.DataLossException loss) {
      throw locateDamage(loss, adapter, null);
    }
  }

  /** The float32 output of a single-output model for a {@link Dataset} of x (or of (x, y) elements, y ignored). */
  public FloatNdArray predict(Dataset dataset) {
    return predict(dataset, PredictOptions.defaults());
  }

  public FloatNdArray predict(Dataset dataset, UnaryOperator<PredictOptions> options) {
    return predict(dataset, options.apply(PredictOptions.defaults()));
  }

  public FloatNdArray predict(Dataset dataset, PredictOptions options) {
    List<NdArray<?>> outputs = predictArrays(dataset, options);
    if (outputs.size() != 1) {
      throw new IllegalStateException("Model '" + name() + "' has " + outputs.size() + " outputs "
          + outputNames() + "; use predictArrays(dataset, ...) to get them all");
    }
    return PredictedArrays.floats(outputs, name(), outputNames(), "predictArrays(dataset, ...)").get(0);
  }

  /** One array per output, in its own dtype, for a {@link Dataset} of inputs; the batches' outputs concatenated. */
  public List<NdArray<?>> predictArrays(Dataset dataset, PredictOptions o) {
    requireOptions(o, "predict", "PredictOptions");
    DataAdapter adapter = datasetAdapter(dataset, false, "predict()");
    try {
      return trainer.predict(adapter, o.steps(), o.training(),
          loopCallbacks(o.verbose(), o.callbacks()));
    } catch (dev.jkeras.backend.data.DataLossException loss) {
      throw locateDamage(loss, adapter, null);
    }
  }

  /** A reader's data loss as the error naming the damaged file of the dataset (training's first, then validation's). */
  private static RuntimeException locateDamage(dev.jkeras.backend.data.DataLossException loss, DataAdapter training,
      DataAdapter validation) {
    for (DataAdapter adapter : java.util.Arrays.asList(training, validation)) {
      if (adapter instanceof DatasetAdapter dataset) {
        RuntimeException located = dataset.locateDamage(loss);
        if (located instanceof dev.jkeras.CorruptRecordException || located instanceof dev.jkeras.DamagedImageException) {
          return located;
        }
      }
    }
    return training instanceof DatasetAdapter dataset ? dataset.locateDamage(loss) : loss;
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
    trainer.resumeFromEpoch(epoch);
  }

  /**
   * Keras's {@code model.stop_training = True}: ends {@code fit} after the current batch (that epoch
   * still validates and ends, then {@code onTrainEnd} runs); for callbacks such as early stopping.
   * {@code fit} clears it when it starts.
   */
  public void stopTraining(boolean stop) {
    trainer.stopTraining(stop);
  }

  /** Whether a stop of {@code fit} was requested. */
  public boolean stopTraining() {
    return trainer.stopTraining();
  }

  /** Keras's {@code model.stop_evaluating}: ends {@code evaluate} (or a validation) after the current batch. */
  public void stopEvaluating(boolean stop) {
    trainer.stopEvaluating(stop);
  }

  public boolean stopEvaluating() {
    return trainer.stopEvaluating();
  }

  /**
   * Keras's {@code model.stop_predicting}: ends {@code predict} after the current batch; it returns
   * the outputs of the batches run.
   */
  public void stopPredicting(boolean stop) {
    trainer.stopPredicting(stop);
  }

  public boolean stopPredicting() {
    return trainer.stopPredicting();
  }

  // ------------------------------------------------------------------ evaluate

  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y) {
    return evaluate(x, y, EvaluateOptions.defaults());
  }

  /** The loss and metrics on {@code (x, y)}, loss first, as an ordered map. */
  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y, UnaryOperator<EvaluateOptions> options) {
    return evaluate(x, y, options.apply(EvaluateOptions.defaults()));
  }

  /** As {@link #evaluate(NdArray, NdArray, UnaryOperator)} with options made once and kept. */
  public Map<String, Double> evaluate(NdArray<?> x, NdArray<?> y, EvaluateOptions options) {
    return evaluate(DataChecks.single(x, "x", "evaluate()"), DataChecks.single(y, "y", "evaluate()"), options);
  }

  public Map<String, Double> evaluate(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y) {
    return evaluate(x, y, EvaluateOptions.defaults());
  }

  public Map<String, Double> evaluate(Map<String, ? extends NdArray<?>> x, Map<String, ? extends NdArray<?>> y,
      UnaryOperator<EvaluateOptions> options) {
    return evaluate(x, y, options.apply(EvaluateOptions.defaults()));
  }

  public Map<String, Double> evaluate(Map<String, ? extends NdArray<?>> x, Map<String, ? extends NdArray<?>> y,
      EvaluateOptions options) {
    ensureBuiltForNames();
    return evaluate(ModelArrays.byName(x, inputNames(), "input"), ModelArrays.byName(y, outputNames(), "output"),
        options);
  }

  /** The loss (total and per output) and metrics of a model with several inputs or outputs. */
  public Map<String, Double> evaluate(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y,
      UnaryOperator<EvaluateOptions> options) {
    return evaluate(x, y, options.apply(EvaluateOptions.defaults()));
  }

  public Map<String, Double> evaluate(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y,
      EvaluateOptions o) {
    requireOptions(o, "evaluate", "EvaluateOptions");
    requireCompiled("evaluate()");
    requireNoSteps(o.steps(), "evaluate");
    ArrayData prepared = prepare(x, y, "evaluate()");
    ArrayData data = o.sampleWeight() == null ? prepared
        : prepared.withSampleWeights(SampleWeights.of(o.sampleWeight(), prepared.samples(), "evaluate"));
    return trainer.evaluate(data, o.batchSize(),
        loopCallbacks(o.verbose(), o.callbacks()));
  }

  // ------------------------------------------------------------------ predict

  /**
   * The model's output for {@code x}, computed in batches (inference mode), for single-output models
   * with a float32 output, as Keras's float32 numpy array.
   *
   * @throws IllegalStateException when the output is not float32 ({@link #predictArray} gives any
   *     dtype), or the model has several outputs ({@link #predict(List)} gives them all)
   */
  public FloatNdArray predict(NdArray<?> x) {
    return predict(x, PredictOptions.defaults());
  }

  /** As {@link #predict(NdArray)}: {@code predict(x, p -> p.batchSize(64).verbose(0))}. */
  public FloatNdArray predict(NdArray<?> x, UnaryOperator<PredictOptions> options) {
    return predict(x, options.apply(PredictOptions.defaults()));
  }

  /** As {@link #predict(NdArray)} with options made once and kept. */
  public FloatNdArray predict(NdArray<?> x, PredictOptions options) {
    return PredictedArrays.floats(predictArray(x, options), name(), outputNames().get(0), "predictArray(x)");
  }

  /** The output of a single-output model for {@code x}, whatever its dtype (e.g. an IntNdArray). */
  public NdArray<?> predictArray(NdArray<?> x) {
    return predictArray(x, PredictOptions.defaults());
  }

  public NdArray<?> predictArray(NdArray<?> x, UnaryOperator<PredictOptions> options) {
    return predictArray(x, options.apply(PredictOptions.defaults()));
  }

  public NdArray<?> predictArray(NdArray<?> x, PredictOptions options) {
    List<NdArray<?>> outputs = predictArrays(DataChecks.single(x, "x", "predict()"), options);
    if (outputs.size() != 1) {
      throw new IllegalStateException("Model '" + name() + "' has " + outputs.size() + " outputs "
          + outputNames() + "; use predict(List.of(...)) to get them all");
    }
    return outputs.get(0);
  }

  /**
   * One float32 array per output (e.g. {@code [main, aux]}) for the inputs {@code x}, one array
   * per input in order.
   *
   * @throws IllegalStateException when an output is not float32; {@link #predictArrays} gives any dtype
   */
  public List<FloatNdArray> predict(List<? extends NdArray<?>> x) {
    return predict(x, PredictOptions.defaults());
  }

  public List<FloatNdArray> predict(List<? extends NdArray<?>> x, UnaryOperator<PredictOptions> options) {
    return predict(x, options.apply(PredictOptions.defaults()));
  }

  public List<FloatNdArray> predict(List<? extends NdArray<?>> x, PredictOptions options) {
    return PredictedArrays.floats(predictArrays(x, options), name(), outputNames(), "predictArrays(x)");
  }

  /**
   * The float32 outputs by output name for the inputs given by input name, as Keras's
   * {@code predict} on a dict of inputs.
   *
   * @throws IllegalStateException when an output is not float32; {@link #predictArrays} gives any dtype
   */
  public Map<String, FloatNdArray> predict(Map<String, ? extends NdArray<?>> x) {
    return predict(x, PredictOptions.defaults());
  }

  public Map<String, FloatNdArray> predict(Map<String, ? extends NdArray<?>> x, UnaryOperator<PredictOptions> options) {
    return predict(x, options.apply(PredictOptions.defaults()));
  }

  public Map<String, FloatNdArray> predict(Map<String, ? extends NdArray<?>> x, PredictOptions options) {
    ensureBuiltForNames();
    List<FloatNdArray> outputs = predict(ModelArrays.byName(x, inputNames(), "input"), options);
    Map<String, FloatNdArray> byOutput = new LinkedHashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      byOutput.put(outputNames().get(i), outputs.get(i));
    }
    return Collections.unmodifiableMap(byOutput);
  }

  /** One array per output, each in the output's own dtype, for the inputs {@code x}. */
  public List<NdArray<?>> predictArrays(List<? extends NdArray<?>> x) {
    return predictArrays(x, PredictOptions.defaults());
  }

  public List<NdArray<?>> predictArrays(List<? extends NdArray<?>> x, UnaryOperator<PredictOptions> options) {
    return predictArrays(x, options.apply(PredictOptions.defaults()));
  }

  public List<NdArray<?>> predictArrays(List<? extends NdArray<?>> x, PredictOptions o) {
    requireOptions(o, "predict", "PredictOptions");
    requireNoSteps(o.steps(), "predict");
    ArrayData data = ModelArrays.of(this, x, List.of(), "predict()");
    ensureBuiltFor(data.xs());
    return trainer.predict(data, o.batchSize(), o.training(),
        loopCallbacks(o.verbose(), o.callbacks()));
  }

  private static void requireNoSteps(int steps, String call) {
    if (steps > 0) {
      throw new IllegalArgumentException("steps applies to " + call + " on a Dataset; on arrays it runs over all of "
          + "them. Slice the arrays, or give them as a Dataset");
    }
  }

  private static void requireOptions(Object options, String call, String type) {
    if (options == null) {
      throw new IllegalArgumentException(call + " needs options, got null; give " + type
          + ".defaults(), or a lambda such as o -> o.verbose(0)");
    }
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
    export(directory, ExportOptions.defaults());
  }

  /**
   * Writes the SavedModel with extra signatures:
   * {@code export("exported/1", e -> e.endpoint("mc_dropout", s -> s.training(true)))}.
   */
  public void export(String directory, UnaryOperator<ExportOptions> options) {
    export(Path.of(directory), options);
  }

  public void export(Path directory, UnaryOperator<ExportOptions> options) {
    export(directory, options.apply(ExportOptions.defaults()));
  }

  /** Writes the SavedModel with the signatures of options made once and kept. */
  public void export(Path directory, ExportOptions export) {
    if (dev.jkeras.distribution.Distribution.skipsWriting("exported SavedModels")) {
      return;
    }
    requireOptions(export, "export", "ExportOptions");
    if (!isBuilt()) {
      throw new IllegalStateException("Model '" + name() + "' is not built yet: build it, or fit or predict once, "
          + "before exporting");
    }
    claimWeights();
    List<dev.jkeras.backend.ExportSignature> signatures = new ArrayList<>();
    export.endpoints().forEach((key, endpoint) -> signatures.add(ServingSignature.trace(this, key, endpoint)));
    graph().exportSavedModel(directory, signatures);
  }

  // ------------------------------------------------------------------ quantization

  /**
   * Quantizes the model's weights, as Keras 3's {@code model.quantize("int8")}: each Dense,
   * EinsumDense and Embedding layer (nested models' too) gets an int8 kernel with a float32 scale
   * per output channel, and Dense and EinsumDense quantize their inputs per sample as they run; other
   * layers (convolutions, normalizations, ...) stay float32, as in Keras, with Keras's warning. The
   * model is built again for the same input shapes and, when it was compiled, compiled again with
   * the same options (a fresh optimizer state). Fails, as Keras does, on an unbuilt model, a mode
   * other than Keras's ({@code "int8"}, {@code "float8"}, {@code "int4"}, {@code "gptq"}, {@code "awq"};
   * jkeras implements {@code "int8"}) and a layer quantized already.
   */
  public void quantize(String mode) {
    synchronized (buildLock) {
      Layer.checkQuantizeArguments(this, mode);
      if (!"int8".equals(mode)) {
        throw new UnsupportedOperationException("Quantization mode '" + mode + "' is not implemented by jkeras; "
            + "use model.quantize(\"int8\")");
      }
      List<Shape> shapes = builtInputShapes;
      CompileOptions compiled = compileOptions;
      Quantization.Plan plan = Quantization.quantize(this, mode);
      if (plan.quantized().isEmpty()) {
        return;
      }
      List<Model> nested = new ArrayList<>();
      Quantization.collectModels(this, nested);
      nested.forEach(Model::forgetBuild);
      forgetBuild();
      build(shapes);
      Quantization.restoreKept(plan);
      if (compiled != null) {
        compile(compiled);
      }
    }
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
    if (dev.jkeras.distribution.Distribution.skipsWriting("saved models")) {
      return;
    }
    if (legacy) {
      LegacyModels.save(this, path);
      return;
    }
    KerasArchive.write(path, serialize(), SavedWeights.values(this, true), SavedAssets.of(this));
  }

  /** Writes the weights (and the optimizer's state) as Keras's HDF5 weights file; any file name is accepted. */
  public void saveWeights(String path) {
    saveWeights(Path.of(path));
  }

  public void saveWeights(Path path) {
    requireBuiltFor("saveWeights");
    if (dev.jkeras.distribution.Distribution.skipsWriting("weights files")) {
      return;
    }
    Map<String, WeightsFile.SavedObject> values = SavedWeights.values(this, true);
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
    if (trainer.isCompiled()) {
      serialized.put("compile_config", compileOptions.toConfig());
    }
    return serialized;
  }

  /** Creates the optimizer's slots for every trainable weight, as Keras builds its optimizer. */
  void buildOptimizerState() {
    Optimizer optimizer = trainer.optimizer();
    if (optimizer != null) {
      ModelGraph g = graph();
      List<Variable> trainable = trainableWeights();
      synchronized (buildLock) {
        g.trace(() -> {
          optimizer.build(trainable);
          return null;
        });
      }
    }
  }

  /** Assigns saved values to this model's variables, after checking every one fits. */
  void restore(Map<String, WeightsFile.SavedObject> saved, String source) {
    SavedWeights.restore(this, saved, source);
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
    Functional.Ends ends = Functional.rebuild(config);
    @SuppressWarnings("unchecked")
    Model model = ends.inputs() instanceof Map<?, ?> inputs
        ? ends.outputs() instanceof Map<?, ?> outputs
            ? new Model((Map<String, KerasTensor>) inputs, (Map<String, KerasTensor>) outputs)
            : new Model((Map<String, KerasTensor>) inputs, (List<KerasTensor>) ends.outputs())
        : ends.outputs() instanceof Map<?, ?> outputs
            ? new Model((List<KerasTensor>) ends.inputs(), (Map<String, KerasTensor>) outputs)
            : new Model((List<KerasTensor>) ends.inputs(), (List<KerasTensor>) ends.outputs());
    return model;
  }

  /** Compiles this model as a saved {@code compile_config} says. */
  void compileFromConfig(Config config) {
    compile(CompileOptions.fromConfig(config));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The callbacks of an evaluate or predict for its number of steps: {@code user}'s, with a progress
   * bar when {@code verbose}. With neither, one empty list the model keeps, so a call makes none.
   */
  private IntFunction<CallbackList> loopCallbacks(int verbose, List<Callback> user) {
    if (verbose <= 0 && user.isEmpty()) {
      return noCallbacks;
    }
    return steps -> callbacks(null, verbose, user, Map.of("steps", steps, "verbose", verbose));
  }

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

  /** Builds for x if needed, and checks the inputs and the labels fit the model and what it was compiled with. */
  private ArrayData prepare(List<? extends NdArray<?>> x, List<? extends NdArray<?>> y, String what) {
    ArrayData data = ModelArrays.of(this, x, y, what);
    ensureBuiltFor(data.xs());
    List<Loss> losses = trainer.losses();
    TargetShapes shapes = new TargetShapes(compileOptions, losses, outputShapes(), ModelArrays.shapes(data.ys()),
        ModelArrays.dtypes(data.ys()));
    if (shapes.sameAs(checkedTargetShapes)) {
      // The shapes were checked against this compile and build: only the values are new.
      ModelArrays.checkTargetValues(this, data, losses, what);
    } else {
      ModelArrays.checkTargets(this, data, losses, compileOptions, what);
      checkedTargetShapes = shapes;
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
    Claim last = claim;
    if (last != null && last.graph() == g && last.moves() == KerasVariable.homeMoves()) {
      return;
    }
    long resets;
    synchronized (claimLock) {
      resets = claimResets;
    }
    List<Variable> weights = weights();
    makeHome(weights, g);
    // Claiming moved homes (and so the count): a second pass that moves nothing, with no move anywhere
    // meanwhile, shows every weight home at once.
    long moves = KerasVariable.homeMoves();
    makeHome(weights, g);
    synchronized (claimLock) {
      if (claimResets == resets && KerasVariable.homeMoves() == moves) {
        claim = new Claim(g, moves);
      }
    }
  }

  private static void makeHome(List<Variable> weights, ModelGraph g) {
    for (Variable weight : weights) {
      if (weight instanceof KerasVariable shared) {
        shared.makeHome(g);
      }
    }
  }

  /** Makes the next run check every weight's home again (the layers, and so the weights, may have changed). */
  private void forgetClaim() {
    synchronized (claimLock) {
      claimResets++;
      claim = null;
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
    ConstructionGraphs.release(constructionGraphs, weights());
    constructionGraphs = List.of();
    datasetPipelines.close();
    if (graph != null) {
      if (trainer.isCompiled()) {
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
