package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.KerasVariable;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backend;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.initializers.Initializer;
import dev.jkeras.regularizers.Regularizer;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import dev.jkeras.utils.Identifiers;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.ndarray.NdArray;

/**
 * The base of every layer: a named computation with weights, built on its first input.
 *
 * <p>A custom layer overrides {@link #build(Shape)} to create weights with {@link #addWeight} and
 * {@link #call(KerasTensor, boolean)} to compute with {@link dev.jkeras.ops.Ops}. Options are set
 * with fluent methods before the layer is used; changing one afterwards is an error.
 *
 * <p>Masks flow between layers as in Keras: a layer that {@linkplain #supportsMasking() supports
 * masking} gives its output the mask {@link #computeMask(KerasTensor, KerasTensor)} returns, other
 * layers drop it, and a layer reads its input's mask in
 * {@link #call(KerasTensor, boolean, KerasTensor)} (or {@link KerasTensor#mask()} of its inputs).
 */
public abstract class Layer implements KerasSerializable {
  private static final ConcurrentHashMap<String, AtomicInteger> NAME_COUNTS = new ConcurrentHashMap<>();
  private static final ThreadLocal<Boolean> TRAINING = ThreadLocal.withInitial(() -> false);
  /** How many layer calls are running on this thread; the outermost one clears the losses added by the last call. */
  private static final ThreadLocal<int[]> CALL_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  /**
   * The names of the layers whose {@link #callNested} runs on this thread ({@code "outer/inner/"}), put
   * before the names of the weights a nested layer creates, as Keras's name scopes do.
   */
  private static final ThreadLocal<String> WEIGHT_SCOPE = ThreadLocal.withInitial(() -> "");
  /** While set, weights cannot be made (in the body of a recurrent layer's while loop): why, for the error. */
  static final ThreadLocal<String> NO_WEIGHTS_HERE = new ThreadLocal<>();
  /** The losses {@link #addLoss} added during the last (outermost) call, in the graph it was traced in. */
  private final List<KerasTensor> addedLosses = new ArrayList<>();

  private String name;
  private Shape declaredInputShape;
  private boolean trainable = true;
  private boolean built;
  private Shape builtInputShape;
  private List<Shape> builtInputShapes;
  private Shape outputShape;
  private List<Shape> outputShapes;
  private final List<Weight> weights = new ArrayList<>();
  private String quantizationMode;
  /** The values {@link #quantize} computed, written into the quantized weights when the layer is next built. */
  private List<NdArray<?>> quantizedState;

  /**
   * A weight and how training treats it: {@code listedTrainable} is whether it was made trainable, which
   * places it in Keras's order (those made trainable first); {@code trainable} whether the optimizer updates it now.
   */
  private record Weight(Variable variable, boolean listedTrainable, boolean trainable, Regularizer regularizer,
      Constraint constraint) {}

  /** Counts every change of any layer's weights after its build, so a model finds cheaply that none changed. */
  private static final java.util.concurrent.atomic.AtomicLong WEIGHT_CHANGES = new java.util.concurrent.atomic.AtomicLong();
  /** How many times this layer's weights changed after its build ({@link #extendBuild}, {@link #freezeWeight}). */
  private volatile long weightsVersion;

  protected Layer() {
    this.name = uniqueName(defaultName());
  }

  /**
   * A layer named {@code name} from the start, which takes no automatic name (Keras's {@code name=}
   * argument); null gives the automatic name.
   */
  protected Layer(String name) {
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("A layer name must not be empty");
    }
    this.name = name != null ? name : uniqueName(defaultName());
  }

  private String defaultName() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "layer" : Identifiers.snakeCase(simple);
  }

  /** Keras's automatic names: {@code dense}, {@code dense_1}, {@code dense_2}, ... */
  protected static String uniqueName(String base) {
    int count = NAME_COUNTS.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
    return count == 0 ? base : base + "_" + count;
  }

  // ------------------------------------------------------------------ options

  public String name() {
    return name;
  }

  /** Sets the layer's name (unique names are the user's responsibility, as in Keras). */
  public Layer name(String name) {
    checkNotBuilt("name");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A layer name must not be empty");
    }
    this.name = name;
    return this;
  }

  /** Sets the name without the built check, for layers whose name does not name weights. */
  protected final void rename(String newName) {
    this.name = newName;
  }

  /** Declares the shape of one input sample (without the batch dimension). */
  public Layer inputShape(int... shape) {
    checkNotBuilt("inputShape");
    this.declaredInputShape = Shape.of(shape);
    return this;
  }

  /** The declared input shape of one sample, or null. */
  public Shape declaredInputShape() {
    return declaredInputShape;
  }

  public boolean trainable() {
    return trainable;
  }

  /** Freezes ({@code false}) or unfreezes the layer's weights; takes effect at the next compile. */
  public Layer trainable(boolean trainable) {
    this.trainable = trainable;
    return this;
  }

  /** Fails when an option is changed after the layer was built. */
  protected final void checkNotBuilt(String option) {
    if (built) {
      throw new IllegalStateException("Cannot set option '" + option + "' of layer '" + name
          + "': the layer is already built. Set options before the layer is first used.");
    }
  }

  // ------------------------------------------------------------------ building and calling

  public boolean isBuilt() {
    return built;
  }

  /** The input shape the layer was built for (with the batch dimension), or null. */
  public Shape builtInputShape() {
    return builtInputShape;
  }

  /** The shapes of all the inputs the layer was built for (one for most layers, several for merges), or null. */
  public List<Shape> builtInputShapes() {
    return builtInputShapes != null ? builtInputShapes : builtInputShape == null ? null : List.of(builtInputShape);
  }

  /**
   * The shape of the layer's output over its calls (with the batch dimension; sizes that differed
   * between calls unknown), or null.
   */
  public Shape outputShape() {
    return outputShape;
  }

  /**
   * The shapes of all the layer's outputs over its calls (a recurrent layer's states after its
   * output, a {@code Bidirectional} without merge mode's two outputs), as {@link #outputShape()}; null
   * before a call.
   */
  public List<Shape> outputShapes() {
    return outputShapes != null ? outputShapes : outputShape == null ? null : List.of(outputShape);
  }

  /** Marks a layer that needs no call to be built, such as an input layer, as built for these shapes. */
  protected final void markBuilt(Shape inputShape, Shape outputShape) {
    this.builtInputShape = inputShape;
    this.outputShape = outputShape;
    this.built = true;
  }

  /** Creates the layer's weights for inputs of {@code inputShape}; the default creates none. */
  protected void build(Shape inputShape) {}

  /** Creates the weights of a layer with several inputs; the default builds for the first input. */
  protected void build(List<Shape> inputShapes) {
    build(inputShapes.get(0));
  }

  /** The computation of a single-input, single-output layer. */
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    throw new UnsupportedOperationException("Layer '" + name + "' must override call(KerasTensor, boolean) "
        + "or call(List<KerasTensor>, boolean)");
  }

  /**
   * The computation of a single-input layer that uses the input's mask (Keras's {@code call(inputs,
   * mask=None)}): {@code mask} is the mask the input carries, or null. The default ignores it and
   * calls {@link #call(KerasTensor, boolean)}.
   */
  protected KerasTensor call(KerasTensor inputs, boolean training, KerasTensor mask) {
    return call(inputs, training);
  }

  /**
   * The computation of a call with keyword arguments ({@link CallArguments}), for layers whose call
   * takes more than tensors; the default accepts plain calls and calls {@link #call(List, boolean)}.
   */
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training, CallArguments arguments) {
    if (!arguments.tensorKeywords().isEmpty()) {
      throw new IllegalArgumentException("Layer \"" + name + "\" (" + getClass().getSimpleName() + ") takes no "
          + "keyword tensor arguments, got " + arguments.tensorKeywords());
    }
    return call(inputs, training);
  }

  /** The computation of a layer with several inputs or outputs; the default calls the single-input form. */
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("Layer \"" + name + "\" takes one input, but was called on "
          + inputs.size() + " inputs");
    }
    KerasTensor output = call(inputs.get(0), training, inputs.get(0).mask());
    return output == null ? null : List.of(output);
  }

  // ------------------------------------------------------------------ masking

  /**
   * Whether the layer handles masked inputs, Keras's {@code supports_masking}: such a layer's outputs
   * get the mask {@link #computeMask(KerasTensor, KerasTensor)} returns (by default the input's
   * mask, passed through unchanged); other layers drop the mask. True by default exactly when the
   * layer overrides {@code computeMask}, as in Keras; layers that keep the time steps of their input
   * (Dense, Dropout, activations, normalizations, ...) override this to return true.
   */
  public boolean supportsMasking() {
    return OVERRIDES_COMPUTE_MASK.get(getClass());
  }

  private static final ClassValue<Boolean> OVERRIDES_COMPUTE_MASK = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      for (Class<?> c = type; c != Layer.class && c != null; c = c.getSuperclass()) {
        for (var method : c.getDeclaredMethods()) {
          if (method.getName().equals("computeMask") && !method.isBridge()) {
            var parameters = method.getParameterTypes();
            boolean single = parameters.length == 2 && parameters[0] == KerasTensor.class;
            boolean several = parameters.length == 2 && parameters[0] == List.class;
            if (single || several) {
              return true;
            }
          }
        }
      }
      return false;
    }
  };

  /**
   * The mask of the layer's (first) output for {@code inputs} whose mask is {@code previousMask}
   * (null when unmasked), as Keras's {@code compute_mask(inputs, previous_mask)}; null for none.
   * The default passes {@code previousMask} through.
   */
  public KerasTensor computeMask(KerasTensor inputs, KerasTensor previousMask) {
    return previousMask;
  }

  /**
   * The output mask of a call on several inputs (their masks, each maybe null, in {@code masks});
   * the default uses the first input and its mask, as Keras does. Merge layers combine all masks.
   */
  public KerasTensor computeMask(List<KerasTensor> inputs, List<KerasTensor> masks) {
    return computeMask(inputs.get(0), masks.get(0));
  }

  /** Attaches output masks as Keras's {@code Layer.__call__}: computed when the layer supports masking, else none. */
  private List<KerasTensor> withOutputMasks(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    if (!supportsMasking()) {
      return outputs.stream().anyMatch(t -> t.mask() != null)
          ? outputs.stream().map(t -> t.withMask(null)).toList() : outputs;
    }
    if (outputs.stream().allMatch(t -> t.mask() != null)) {
      return outputs;
    }
    List<KerasTensor> masks = inputs.stream().map(KerasTensor::mask).toList();
    KerasTensor mask = computeMask(inputs, masks);
    if (mask == null || outputs.get(0).mask() != null) {
      return outputs;
    }
    List<KerasTensor> masked = new ArrayList<>(outputs);
    masked.set(0, outputs.get(0).withMask(mask));
    return masked;
  }

  /** Whether the enclosing call runs in training mode (false outside any call). */
  protected static boolean currentTraining() {
    return TRAINING.get();
  }

  /** Calls the layer on one or more inputs, in training mode when the enclosing model is training. */
  public KerasTensor apply(KerasTensor... inputs) {
    return single(applyAll(List.of(inputs), TRAINING.get()));
  }

  /** Calls the layer on a list of inputs, as Keras's {@code layer([a, b])}. */
  public KerasTensor apply(List<KerasTensor> inputs) {
    return single(applyAll(inputs, TRAINING.get()));
  }

  /** Calls the layer with an explicit training mode (e.g. {@code true} for Monte Carlo dropout). */
  public KerasTensor apply(KerasTensor inputs, boolean training) {
    return single(applyAll(List.of(inputs), training));
  }

  private KerasTensor single(List<KerasTensor> outputs) {
    if (outputs.size() != 1) {
      throw new IllegalStateException("Layer '" + name + "' returns " + outputs.size()
          + " outputs; use applyAll to get them all");
    }
    return outputs.get(0);
  }

  /**
   * Calls the layer and returns all its outputs. Called on the inputs of a Functional model under
   * construction, it runs in that model's graph and records the call, so the model can replay it.
   */
  public List<KerasTensor> applyAll(List<KerasTensor> inputs, boolean training) {
    return applyAll(inputs, training, CallArguments.positional(Math.max(1, inputs.size())));
  }

  /**
   * As {@link #applyAll(List, boolean)} for a call with keyword arguments: {@code inputs} are the
   * positional tensors then the keyword tensors {@code arguments} names.
   */
  public List<KerasTensor> applyAll(List<KerasTensor> inputs, boolean training, CallArguments arguments) {
    if (inputs.size() != arguments.tensorCount() && !inputs.isEmpty()) {
      throw new IllegalArgumentException("Layer '" + name + "' was called on " + inputs.size() + " tensors, but its "
          + "call arguments name " + arguments.tensorCount());
    }
    if (inputs.isEmpty() || inputs.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("Layer '" + name + "' was called without inputs (or with null)");
    }
    Backend backend = Backends.get();
    Optional<ModelGraph> home = backend.graphOf(inputs.get(0));
    for (KerasTensor input : inputs) {
      if (!backend.graphOf(input).equals(home)) {
        if (inputs.stream().allMatch(t -> Node.of(t) != null)) {
          return applyToSymbolicOfSeveralGraphs(inputs, training, arguments);
        }
        throw new IllegalArgumentException("The inputs of layer '" + name + "' belong to different models");
      }
    }
    if (home.isPresent() && !home.equals(backend.currentGraph())) {
      return home.get().trace(() -> applyAll(inputs, training, arguments));
    }
    List<Shape> shapes = inputs.stream().map(KerasTensor::shape).toList();
    if (inputs.size() == 1) {
      checkInputShape(inputs.get(0));
    }
    checkNoEmptyDimensions(shapes);
    if (!built) {
      build(shapes);
      builtInputShape = shapes.get(0);
      builtInputShapes = List.copyOf(shapes);
      built = true;
      writeQuantizedState();
    }
    boolean outer = TRAINING.get();
    TRAINING.set(training);
    int[] depth = CALL_DEPTH.get();
    if (depth[0] == 0) {
      clearAddedLosses();
    }
    List<KerasTensor> outputs;
    depth[0]++;
    try {
      outputs = arguments.plain() ? call(inputs, training) : call(inputs, training, arguments);
    } finally {
      depth[0]--;
      TRAINING.set(outer);
    }
    if (outputs == null || outputs.isEmpty() || outputs.stream().anyMatch(Objects::isNull)) {
      throw new IllegalStateException("call() of layer '" + name + "' returned nothing; it must return its outputs");
    }
    outputs = withOutputMasks(inputs, outputs);
    outputShape = generalizedShape(outputShape, outputs.get(0).shape());
    outputShapes = generalizedShapes(outputShapes, outputs);
    return inputs.stream().anyMatch(t -> t.history() != null) ? Node.record(this, inputs, outputs, arguments)
        : outputs;
  }

  /**
   * Calls {@code inner}, a layer this layer holds (as a wrapper does), from this layer's {@code call}:
   * the weights {@code inner} creates are named under this layer's name (Keras's
   * {@code bidirectional/forward_lstm/lstm_cell/kernel}), and the call is not recorded as a node of
   * a Functional model under construction (the model records this layer's call).
   */
  protected final List<KerasTensor> callNested(Layer inner, List<KerasTensor> inputs, boolean training) {
    String outer = WEIGHT_SCOPE.get();
    WEIGHT_SCOPE.set(outer + name + "/");
    try {
      return inner.applyAll(inputs.stream().map(t -> t.withHistory(null)).toList(), training);
    } finally {
      WEIGHT_SCOPE.set(outer);
    }
  }

  /**
   * Builds {@code inner}, a layer this layer holds and calls itself (as {@link RNN} its cell), for
   * inputs of {@code inputShape} unless it is built: its weights are named under this layer's name,
   * as with {@link #callNested}.
   */
  protected final void buildNested(Layer inner, Shape inputShape) {
    if (inner.built) {
      return;
    }
    String outer = WEIGHT_SCOPE.get();
    WEIGHT_SCOPE.set(outer + name + "/");
    try {
      inner.build(List.of(inputShape));
      inner.builtInputShape = inputShape;
      inner.builtInputShapes = List.of(inputShape);
      inner.built = true;
    } finally {
      WEIGHT_SCOPE.set(outer);
    }
  }

  /**
   * The output shape over calls: the new one, with the sizes that differ from an earlier call of the
   * same rank unknown (a step traced for a static batch size does not make the summary show it).
   */
  private static Shape generalizedShape(Shape earlier, Shape now) {
    if (earlier == null || earlier.rank() != now.rank()) {
      return now;
    }
    Shape merged = now;
    for (int axis = 0; axis < now.rank(); axis++) {
      if (earlier.get(axis) != now.get(axis)) {
        merged = merged.with(axis, Shape.UNKNOWN);
      }
    }
    return merged;
  }

  /** {@link #generalizedShape} of each output; the new shapes when the number of outputs changed. */
  private static List<Shape> generalizedShapes(List<Shape> earlier, List<KerasTensor> outputs) {
    List<Shape> merged = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      Shape now = outputs.get(i).shape();
      merged.add(earlier == null || earlier.size() != outputs.size() ? now : generalizedShape(earlier.get(i), now));
    }
    return List.copyOf(merged);
  }

  /**
   * Calls the layer on symbolic tensors (Inputs and what layers made of them) that were traced in
   * different construction graphs: the call is traced in a new construction graph on stand-ins of
   * the same shapes, dtypes and masks, and recorded on the tensors given, which is all a Functional
   * model replays.
   */
  private List<KerasTensor> applyToSymbolicOfSeveralGraphs(List<KerasTensor> inputs, boolean training,
      CallArguments arguments) {
    ModelGraph graph = Backends.get().newGraph("functional");
    List<KerasTensor> outputs = graph.trace(() -> {
      List<KerasTensor> standIns = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        KerasTensor input = inputs.get(i);
        KerasTensor standIn = graph.placeholder(name + "_input_" + i, input.dtype(), input.shape());
        KerasTensor mask = input.mask();
        standIns.add(mask == null ? standIn
            : standIn.withMask(graph.placeholder(name + "_input_mask_" + i, mask.dtype(), mask.shape())));
      }
      return applyAll(standIns, training, arguments);
    });
    return Node.record(this, inputs, outputs, arguments);
  }

  /**
   * Whether {@link #apply} checks inputs against the shape the layer was built for or declared;
   * containers leave the check to the layers they hold.
   */
  protected boolean checksInputShape() {
    return true;
  }

  /**
   * Forgets the build (weights, shapes); models call it on their layers when a failed build or a
   * change of layers releases the graph the weights lived in.
   */
  public void resetBuild() {
    built = false;
    builtInputShape = null;
    builtInputShapes = null;
    outputShape = null;
    outputShapes = null;
    weights.clear();
  }

  private void checkInputShape(KerasTensor input) {
    if (!checksInputShape()) {
      return;
    }
    Shape actual = input.shape();
    Shape expected = built ? builtInputShape
        : declaredInputShape == null ? null : declaredInputShape.prepend(Shape.UNKNOWN);
    if (expected == null || inputFits(expected, actual)) {
      return;
    }
    Node source = Node.of(input);
    String from = source == null || source.call().layer() instanceof InputLayer && source.call().inputs().isEmpty()
        && source.call().layer().name().startsWith("input_layer") ? ""
        : " (the output of layer \"" + source.call().layer().name() + "\")";
    throw new IllegalArgumentException("Input 0 of layer \"" + name + "\" is incompatible with the layer: "
        + "expected shape=" + expected.with(0, Shape.UNKNOWN) + ", found shape=" + actual + from);
  }

  /**
   * Refuses inputs with a dimension of size 0 beyond the batch, before they reach a kernel:
   * TensorFlow's oneDNN CPU kernels abort the whole process on such sizes instead of failing.
   */
  private void checkNoEmptyDimensions(List<Shape> shapes) {
    if (!checksInputShape()) {
      return;
    }
    for (int i = 0; i < shapes.size(); i++) {
      Shape shape = shapes.get(i);
      for (int axis = 1; axis < shape.rank(); axis++) {
        if (shape.get(axis) == 0) {
          throw new IllegalArgumentException("Input " + i + " of layer \"" + name + "\" (" + getClass().getSimpleName()
              + ") has shape " + shape + ", with a dimension of size 0 at axis " + axis + ". Every dimension but the "
              + "batch must be at least 1: give the layer inputs of positive size (check the model's input shape "
              + "and the layers before this one).");
        }
      }
    }
  }

  /** Same rank, and every known dimension after the batch dimension equal. */
  private static boolean inputFits(Shape expected, Shape actual) {
    if (expected.rank() != actual.rank()) {
      return false;
    }
    for (int i = 1; i < expected.rank(); i++) {
      long e = expected.get(i);
      long a = actual.get(i);
      if (e != Shape.UNKNOWN && a != Shape.UNKNOWN && e != a) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ weights

  /** Creates a weight of this layer in the model graph being traced. */
  protected Variable addWeight(String weightName, Shape shape, Initializer initializer, boolean trainable) {
    return addWeight(weightName, shape, initializer, trainable, null);
  }

  /** Creates a weight whose {@code regularizer} penalty (may be null) joins the training loss. */
  protected Variable addWeight(String weightName, Shape shape, Initializer initializer, boolean trainable,
      Regularizer regularizer) {
    return addWeight(weightName, shape, initializer, trainable, regularizer, null);
  }

  /**
   * Creates a weight with a regularizer and a {@code constraint} (each may be null); the
   * constraint is applied right after every optimizer update of the weight, in the same train step.
   */
  protected Variable addWeight(String weightName, Shape shape, Initializer initializer, boolean trainable,
      Regularizer regularizer, Constraint constraint) {
    return addWeight(weightName, shape, DType.FLOAT32, initializer, trainable, regularizer, constraint);
  }

  /** Creates a weight of another dtype than float32, e.g. an int64 counter as Keras's {@code dtype="int"}. */
  protected Variable addWeight(String weightName, Shape shape, DType dtype, Initializer initializer, boolean trainable) {
    return addWeight(weightName, shape, dtype, initializer, trainable, null, null);
  }

  private Variable addWeight(String weightName, Shape shape, DType dtype, Initializer initializer, boolean trainable,
      Regularizer regularizer, Constraint constraint) {
    if (Backends.get().currentGraph().isEmpty()) {
      throw new IllegalStateException("Layer '" + name + "' can create weights only while a model is built; "
          + "add it to a model");
    }
    if (NO_WEIGHTS_HERE.get() != null) {
      throw new IllegalStateException("Layer '" + name + "' cannot create weight '" + weightName + "' here: "
          + NO_WEIGHTS_HERE.get());
    }
    Variable variable = new KerasVariable(WEIGHT_SCOPE.get() + name + "/" + weightName, shape, dtype, () -> initializer.apply(shape, dtype));
    weights.add(new Weight(variable, trainable, trainable, regularizer, constraint));
    return variable;
  }

  /**
   * Freezes one of this layer's weights, as Keras's {@code variable.trainable = False}: the optimizer no longer
   * updates it, and it keeps its place in {@link #weights()}. Models holding the layer trace their steps again.
   */
  protected final void freezeWeight(Variable variable) {
    for (int i = 0; i < weights.size(); i++) {
      Weight w = weights.get(i);
      if (w.variable() == variable) {
        if (w.trainable()) {
          weights.set(i, new Weight(variable, w.listedTrainable(), false, w.regularizer(), w.constraint()));
          weightsChanged();
        }
        return;
      }
    }
    throw new IllegalArgumentException("Variable '" + variable.name() + "' is not a weight of layer '" + name + "'");
  }

  /**
   * Adds weights to this built layer (Keras's {@code add_weight} after {@code build}, as {@code enable_lora}
   * does): {@code body} runs in the graph that holds the layer's weights, whose {@link #addWeight} calls then
   * create variables there (initialized before they are first read), named under the same scope as the others.
   * Every model holding the layer traces its steps again before it next runs, so what they compute uses the
   * new weights; other models' graphs take copies of them when they trace.
   */
  protected final void extendBuild(Runnable body) {
    if (!built || weights.isEmpty()) {
      throw new IllegalStateException("Layer '" + name + "' has no built weights to add to; build it first");
    }
    Variable first = weights.get(0).variable();
    ModelGraph graph = first instanceof KerasVariable kv ? kv.homeGraph().orElse(null) : null;
    if (graph == null || graph.isClosed()) {
      throw new IllegalStateException("Layer '" + name + "' cannot add weights: the model holding its weights "
          + "was closed; add the layer to an open model and build it first");
    }
    String firstName = first.name();
    int at = firstName.lastIndexOf(name + "/");
    String outer = WEIGHT_SCOPE.get();
    WEIGHT_SCOPE.set(at > 0 ? firstName.substring(0, at) : "");
    try {
      graph.trace(() -> {
        body.run();
        return null;
      });
    } finally {
      WEIGHT_SCOPE.set(outer);
    }
    weightsChanged();
  }

  private void weightsChanged() {
    weightsVersion++;
    WEIGHT_CHANGES.incrementAndGet();
  }

  /**
   * How many times the weights of this layer (a model: of its layers too) changed after they were built:
   * steps traced at another version are stale.
   */
  public long weightsVersion() {
    return weightsVersion;
  }

  /** How many times any layer's weights changed after build; while it stays the same, no {@link #weightsVersion()} changed. */
  public static long weightChanges() {
    return WEIGHT_CHANGES.get();
  }

  /**
   * All weights in Keras's order: those made trainable first, then the others, each in creation order (a
   * weight frozen by {@link #freezeWeight} keeps its place); a frozen layer lists its weights in creation order.
   */
  public List<Variable> weights() {
    if (trainable && weights.stream().anyMatch(w -> w.listedTrainable() && !w.trainable())) {
      return listedOrder();
    }
    List<Variable> all = new ArrayList<>(trainableWeights());
    all.addAll(nonTrainableWeights());
    return all;
  }

  /** Weights the optimizer updates: none when the layer is frozen. */
  public List<Variable> trainableWeights() {
    return trainable ? weightsNow(true) : List.of();
  }

  public List<Variable> nonTrainableWeights() {
    if (!trainable) {
      return ownWeights();
    }
    return weightsNow(false);
  }

  private List<Variable> ownWeights() {
    return weights.stream().map(Weight::variable).toList();
  }

  private List<Variable> weightsListed(boolean listedTrainable) {
    return weights.stream().filter(w -> w.listedTrainable() == listedTrainable).map(Weight::variable).toList();
  }

  /** The weights in Keras's order that are trainable now ({@code trainable}) or not. */
  private List<Variable> weightsNow(boolean trainableWeight) {
    List<Variable> all = new ArrayList<>();
    for (boolean listed : new boolean[] {true, false}) {
      weights.stream().filter(w -> w.listedTrainable() == listed && w.trainable() == trainableWeight)
          .forEach(w -> all.add(w.variable()));
    }
    return all;
  }

  /**
   * The regularization penalties of this layer's weights, in the graph being traced, then the losses
   * {@link #addLoss} added during its last call (Keras's {@code layer.losses}).
   */
  public List<KerasTensor> losses() {
    List<KerasTensor> all = new ArrayList<>(weights.stream()
        .filter(w -> w.regularizer() != null)
        .map(w -> w.regularizer().apply(w.variable().value()))
        .toList());
    all.addAll(addedLosses);
    return all;
  }

  /**
   * Adds a loss computed in {@code call} (a scalar tensor of the call's graph), as Keras 3's
   * {@code add_loss}: {@link #losses()} lists it until the next call, and the default train step
   * adds it to the compiled loss, as it adds regularization penalties.
   */
  protected final void addLoss(KerasTensor loss) {
    if (loss == null) {
      throw new IllegalArgumentException("addLoss of layer '" + name + "' was given null; give a scalar tensor "
          + "computed in call()");
    }
    addedLosses.add(loss);
  }

  /** The losses {@link #addLoss} added during the last call of this layer itself. */
  protected final List<KerasTensor> addedLosses() {
    return List.copyOf(addedLosses);
  }

  /** Forgets the losses added by the last call; containers clear those of their layers too. */
  public void clearAddedLosses() {
    addedLosses.clear();
  }

  /** The constraint of each of this layer's weights that has one (Keras's {@code variable.constraint}). */
  public Map<Variable, Constraint> constraints() {
    Map<Variable, Constraint> all = new IdentityHashMap<>();
    weights.stream().filter(w -> w.constraint() != null).forEach(w -> all.put(w.variable(), w.constraint()));
    return all;
  }

  /**
   * Assigns {@code newValue} to the layer's state variable {@code variable} as part of the train
   * step being traced (recorded in its {@link StepState}), as Keras's {@code variable.assign} inside {@code call} (e.g. the moving
   * statistics of {@link BatchNormalization}). The update runs in the same session run as the
   * step's optimizer update. Outside a train or test step (a predict step, a model under
   * construction) there is no step to join and the update is dropped.
   */
  protected final void addUpdate(Variable variable, KerasTensor newValue) {
    if (StepState.active()) {
      StepState.record(variable.assign(newValue));
    }
  }

  /** The current weight values, copied out, in the order of {@link #weights()}. */
  public List<NdArray<?>> getWeights() {
    return weights().stream().<NdArray<?>>map(Variable::read).toList();
  }

  /** Sets the weight values; the number and shapes must match {@link #getWeights()}. */
  public void setWeights(List<? extends NdArray<?>> values) {
    List<Variable> targets = weights();
    if (values.size() != targets.size()) {
      throw new IllegalArgumentException("Layer '" + name + "' expects " + targets.size()
          + " weights, but the list given has " + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      Shape given = Shape.of(values.get(i).shape().asArray());
      if (!given.equals(targets.get(i).shape())) {
        throw new IllegalArgumentException("Layer '" + name + "' weight '" + targets.get(i).name()
            + "' has shape " + targets.get(i).shape() + ", which is not compatible with the provided shape "
            + given);
      }
    }
    for (int i = 0; i < values.size(); i++) {
      targets.get(i).write(values.get(i));
    }
  }

  /** The number of scalars in the layer's weights. */
  public long countParams() {
    if (!built) {
      throw new IllegalStateException("You tried to call countParams on layer '" + name
          + "', but the layer isn't built. Build it first, e.g. by calling the model on data or model.build(shape).");
    }
    return weights().stream().mapToLong(v -> v.shape().size()).sum() + importedParams();
  }

  /**
   * Scalars in variables the layer reads but does not hold as weights (a {@link TFSMLayer}'s
   * SavedModel's, restored from its files, never trained or saved in {@code .keras} files): Keras
   * counts them as non-trainable params, so {@link #countParams()} and the summary do. 0 for most layers.
   */
  public long importedParams() {
    return 0;
  }

  /** The layer's own weights, trainable ones first, in creation order whether or not it is frozen: Keras's saving order. */
  public List<Variable> ownVariables() {
    return listedOrder();
  }

  private List<Variable> listedOrder() {
    List<Variable> all = new ArrayList<>(weightsListed(true));
    all.addAll(weightsListed(false));
    return all;
  }

  /**
   * The variables a weights file holds for this layer, in Keras's {@code save_own_variables} order:
   * {@link #ownVariables()}, except for a LoRA layer, which saves its kernel (merged) and bias only.
   */
  public List<Variable> savedVariables() {
    return ownVariables();
  }

  /** The values saved for {@link #savedVariables()}: their current values (a LoRA layer merges its update). */
  public List<NdArray<?>> savedValues() {
    return savedVariables().stream().<NdArray<?>>map(Variable::read).toList();
  }

  /** Runs once a weights file was written into {@link #savedVariables()} (a LoRA layer zeroes its adapter). */
  public void afterLoad() {}

  // ------------------------------------------------------------------ quantization

  /** Keras's quantization modes ({@code dtype_policies.QUANTIZATION_MODES}). */
  public static final List<String> QUANTIZATION_MODES = List.of("int8", "float8", "int4", "gptq", "awq");

  /** The layer's quantization mode ({@code "int8"}), or null when it computes in float32 (Keras's {@code quantization_mode}). */
  public String quantizationMode() {
    return quantizationMode;
  }

  /**
   * Whether this class quantizes its weights with {@code mode} (Keras's layers that implement
   * {@code quantize}: Dense, EinsumDense and Embedding, for {@code "int8"}); false by default.
   */
  public boolean supportsQuantization(String mode) {
    return false;
  }

  /**
   * Fails, before any layer of the model changes, when this layer's class quantizes with {@code mode}
   * but this layer cannot (an EinsumDense with an elided equation); does nothing by default.
   */
  public void checkQuantizable(String mode) {}

  /**
   * Quantizes the layer's weights, as Keras's {@code layer.quantize(mode)}: the layer computes its
   * int8 values and scales from its current weights now, and holds them as int8 weights once its
   * model is built again, which {@link dev.jkeras.models.Model#quantize(String)} does. Fails, as
   * Keras does, for an unbuilt layer, an already quantized one, an unknown mode, and a layer that
   * does not quantize ({@link UnsupportedOperationException}).
   */
  public void quantize(String mode) {
    checkQuantizeArguments(this, mode);
    if (!supportsQuantization(mode)) {
      throw new UnsupportedOperationException("Layer " + getClass().getSimpleName()
          + " does not have a `quantize` method implemented.");
    }
    quantizedState = List.copyOf(quantizedValues(mode));
    quantizationMode = mode;
  }

  /** Keras's {@code _check_quantize_args}: built, not yet quantized, a known mode. */
  public static void checkQuantizeArguments(Layer layer, String mode) {
    if (mode == null) {
      throw new IllegalArgumentException("You must provide either `mode` or `config` to `quantize`.");
    }
    if (!QUANTIZATION_MODES.contains(mode)) {
      throw new IllegalArgumentException("Invalid quantization mode. Expected one of ('int8', 'float8', 'int4', "
          + "'gptq', 'awq'). Received: mode=" + mode);
    }
    if (!layer.isBuilt()) {
      throw new IllegalStateException("Cannot quantize a layer that isn't yet built. Layer '" + layer.name()
          + "' (of type '" + layer.getClass().getSimpleName() + "') is not built yet. Build it first, e.g. with "
          + "model.build(shape) or by calling the model on data.");
    }
    if (layer.quantizationMode != null) {
      throw new IllegalStateException("Layer '" + layer.name() + "' is already quantized with dtype_policy='"
          + layer.quantizationMode + "_from_float32'. Received: mode=" + mode);
    }
  }

  /**
   * The layer's saved values ({@link #ownVariables()} order, as they will be once quantized) for
   * its current float weights quantized with {@code mode}; layers that {@linkplain
   * #supportsQuantization quantize} override it.
   */
  protected List<NdArray<?>> quantizedValues(String mode) {
    throw new UnsupportedOperationException("Layer " + getClass().getSimpleName()
        + " does not have a `quantize` method implemented.");
  }

  /** Sets the quantization mode read from a saved config (the layer is then built with int8 weights). */
  protected final void quantizationModeFromConfig(String mode) {
    checkNotBuilt("dtype");
    if (mode != null && !supportsQuantization(mode)) {
      throw new IllegalArgumentException("Layer '" + name + "' (" + getClass().getSimpleName() + ") was saved with "
          + "quantization mode '" + mode + "', which jkeras does not support for this layer; jkeras quantizes "
          + "Dense, EinsumDense and Embedding layers with mode 'int8'");
    }
    quantizationMode = mode;
  }

  private void writeQuantizedState() {
    if (quantizedState == null) {
      return;
    }
    List<Variable> variables = ownVariables();
    for (int i = 0; i < variables.size(); i++) {
      variables.get(i).write(quantizedState.get(i));
    }
    quantizedState = null;
  }

  // ------------------------------------------------------------------ serialization

  /**
   * The options that rebuild this layer, as Keras's {@code get_config}: {@code name},
   * {@code trainable} and {@code dtype} here; subclasses add theirs and provide a static
   * {@code fromConfig(Config)} (or a no-argument constructor) to rebuild from them.
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name);
    config.put("trainable", trainable);
    config.put("dtype", quantizationMode == null ? dtypePolicy("float32") : quantizedDtypePolicy(quantizationMode));
    return config;
  }

  /**
   * Keras's {@code build_config} of the built layer: {@code {"input_shape": ...}} (a list of shapes
   * for several inputs). Layers whose Keras {@code build} takes named shapes override it ({@link
   * MultiHeadAttention}'s {@code shapes_dict}).
   */
  public Map<String, Object> buildConfig() {
    Map<String, Object> build = new LinkedHashMap<>();
    List<Shape> shapes = builtInputShapes();
    build.put("input_shape", shapes.size() > 1 ? shapes.stream().map(dev.jkeras.saving.Shapes::toJson).toList()
        : dev.jkeras.saving.Shapes.toJson(builtInputShape));
    return build;
  }

  /** Keras 3's serialized {@code DTypePolicy}. */
  protected static Map<String, Object> dtypePolicy(String dtype) {
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("module", "keras");
    policy.put("class_name", "DTypePolicy");
    policy.put("config", Map.of("name", dtype));
    policy.put("registered_name", null);
    return policy;
  }

  /** Keras 3's serialized {@code QuantizedDTypePolicy} ({@code "int8_from_float32"}). */
  protected static Map<String, Object> quantizedDtypePolicy(String mode) {
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("module", "keras.dtype_policies");
    policy.put("class_name", "QuantizedDTypePolicy");
    Map<String, Object> policyConfig = new LinkedHashMap<>();
    policyConfig.put("mode", mode);
    policyConfig.put("source_name", "float32");
    policy.put("config", policyConfig);
    policy.put("registered_name", null);
    return policy;
  }

  /** Restores the base options ({@code name}, {@code trainable}) of a layer rebuilt from {@code config}. */
  public void applyBaseConfig(Config config) {
    String mode = QuantizedPolicies.modeOf(config, name);
    if (mode != null) {
      quantizationModeFromConfig(mode);
    }
    if (config.has("name")) {
      rename(config.getString("name", name));
    }
    // The flag alone, as Keras's from_config sets it before a model tracks its layers.
    this.trainable = config.getBoolean("trainable", true);
  }

  @Override
  public String toString() {
    return "<" + getClass().getSimpleName() + " name=" + name + ", built=" + built + ">";
  }
}
