package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.OptimizerKernels;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.backend.tensorflow.savedmodel.ImportedSavedModel;
import dev.jkeras.backend.tensorflow.savedmodel.ImportedVariable;
import dev.jkeras.backend.tensorflow.savedmodel.SavedModelTargets;
import dev.jkeras.backend.tensorflow.savedmodel.SavedModelWriter;
import dev.jkeras.backend.tensorflow.savedmodel.SignatureBinding;
import dev.jkeras.backend.tensorflow.savedmodel.TaggedMetaGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TInt32;

/**
 * A model's TensorFlow graph and the session that runs it.
 *
 * <p>Thread safety: building (tracing, creating variables, importing, exporting, serializing the
 * graph) is serialized by one reentrant lock per graph; session runs of traced functions and
 * variable reads and writes take no lock and may run concurrently, with each other and with a
 * build. A graph that becomes unreachable without being closed has its native resources released
 * by a {@link java.lang.ref.Cleaner}.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class TfModelGraph implements ModelGraph {
  private final String name;
  private final GraphResources resources;
  private final java.lang.ref.Cleaner.Cleanable cleanable;
  private final Graph graph;
  private final Session session;
  private final Ops tf;
  private final OptimizerKernels kernels;
  private final FeedPool feeds;
  private final java.util.concurrent.locks.ReentrantLock buildLock = new java.util.concurrent.locks.ReentrantLock();
  private final List<TfVariable> variables = new ArrayList<>();
  private final java.util.Map<String, ImportedSavedModel> savedModels = new java.util.LinkedHashMap<>();
  private final PendingInitializers pending;
  private int traceCount;
  private int traceDepth;

  /** Model graphs by their TensorFlow graph; weak values, so the map keeps no model graph alive. */
  private static final java.util.Map<Graph, java.lang.ref.WeakReference<TfModelGraph>> BY_GRAPH =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** The model graph an operand was built in, or null for eager operands (and released graphs). */
  static TfModelGraph owning(Operand<?> operand) {
    java.lang.ref.WeakReference<TfModelGraph> owner = operand.env() instanceof Graph g ? BY_GRAPH.get(g) : null;
    return owner == null ? null : owner.get();
  }

  static void unregister(Graph graph) {
    BY_GRAPH.remove(graph);
  }

  /** The number of model graphs whose native graph and session are not released yet. */
  static int liveCount() {
    return GraphResources.live();
  }

  TfModelGraph(String name) {
    this.name = name;
    this.resources = new GraphResources();
    this.graph = resources.graph();
    this.session = resources.session();
    this.feeds = resources.feeds();
    BY_GRAPH.put(graph, new java.lang.ref.WeakReference<>(this));
    this.tf = Ops.create(graph);
    this.kernels = new TfOptimizerKernels();
    this.pending = new PendingInitializers(session);
    this.cleanable = resources.releaseWhenUnreachable(this);
  }

  /** Runs {@code body} holding this graph's build lock. */
  <T> T building(Supplier<T> body) {
    buildLock.lock();
    try {
      return body.get();
    } finally {
      buildLock.unlock();
    }
  }

  /** The session, with every variable initialized. */
  Session session() {
    pending.runAll();
    return session;
  }

  /** Identifies the current trace, so variables read once per trace. */
  int traceId() {
    return traceCount;
  }

  @Override
  public <T> T trace(Supplier<T> body) {
    return building(() -> {
      if (traceDepth == 0) {
        traceCount++;
      }
      traceDepth++;
      try {
        return Context.with(tf, this, body);
      } finally {
        traceDepth--;
      }
    });
  }

  /** Ops that name the next op {@code path} ({@code "dense/kernel"}: op kernel in scope dense), made unique. */
  private Ops named(String path) {
    String[] parts = path.split("/");
    Ops scoped = tf;
    for (int i = 0; i < parts.length - 1; i++) {
      scoped = scoped.withSubScope(validName(parts[i]));
    }
    return scoped.withName(scoped.scope().makeUnique(validName(parts[parts.length - 1])));
  }

  private static String validName(String name) {
    String valid = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return valid.isEmpty() || !Character.isLetterOrDigit(valid.charAt(0)) ? "t" + valid : valid;
  }

  @Override
  public KerasTensor placeholder(String name, DType dtype, Shape shape) {
    return building(() -> TfOperands.wrap(named(name)
        .placeholder(Tensors.typeOf(dtype), Placeholder.shape(Tensors.toTf(shape)))));
  }

  @Override
  public Variable variable(String name, Shape shape, DType dtype, Supplier<KerasTensor> initializer) {
    return building(() -> newVariable(name, shape, dtype, initializer));
  }

  private Variable newVariable(String name, Shape shape, DType dtype, Supplier<KerasTensor> initializer) {
    Ops scoped = named(name);
    // A variable's resource is found by its shared name; an empty one would alias every variable.
    String sharedName = scoped.scope().makeOpName("VarHandleOp");
    Operand handle = dtype == DType.INT8 ? Int8Operands.varHandle(scoped, Tensors.toTf(shape), sharedName)
        : scoped.varHandleOp(Tensors.typeOf(dtype), Tensors.toTf(shape), VarHandleOp.sharedName(sharedName));
    TfVariable variable = new TfVariable(this, name, shape, dtype, handle, sharedName);
    variables.add(variable);
    KerasTensor initial = pending.tracingInitializer(() -> trace(initializer));
    if (!initial.shape().equals(shape) || initial.dtype() != dtype) {
      throw new IllegalArgumentException("The initializer of variable '" + name + "' produced "
          + initial.dtype() + initial.shape() + ", expected " + dtype + shape);
    }
    pending.add(variable, tf.assignVariableOp(handle, TfOperands.operand(initial)));
    return variable;
  }

  /**
   * Gives every variable created since the last call its initial value, in one session run. Reads,
   * writes and runs of this graph's functions call it first, so a model's variables are initialized
   * together when it is first used rather than one session run each while it is built.
   */
  void initializeVariables() {
    pending.runAll();
  }

  /** Called when a variable of this graph is read while tracing: an initializer reading it needs its value first. */
  void readingInTrace(TfVariable variable) {
    if (pending.isTracingInitializer() && !variable.isInitialized()) {
      pending.runAll();
    }
  }

  Ops tf() {
    return Context.currentGraph() == this ? Context.current().tf() : tf;
  }

  /** Ops for variable reads and writes in the current context (see {@link Context#stateful}). */
  Ops statefulOps() {
    return Context.currentGraph() == this ? Context.current().stateful() : tf;
  }

  Ops baseOps() {
    return tf;
  }

  @Override
  public List<KerasTensor> gradients(KerasTensor target, List<Variable> sources) {
    return building(() -> addGradients(target, sources));
  }

  @Override
  public List<KerasTensor> gradientsOfTensors(KerasTensor target, List<KerasTensor> sources) {
    return building(() -> addGradients(target,
        sources.stream().map(t -> TfOperands.operand(t).asOutput()).toArray(Output<?>[]::new)));
  }

  private List<KerasTensor> addGradients(KerasTensor target, List<Variable> sources) {
    return addGradients(target, sources.stream()
        .map(v -> TfOperands.operand(v.value()).asOutput())
        .toArray(Output<?>[]::new));
  }

  private List<KerasTensor> addGradients(KerasTensor target, Output<?>[] reads) {
    Output<?>[] grads;
    try {
      grads = graph.addGradients(TfOperands.operand(target).asOutput(), reads);
    } catch (IllegalArgumentException | TensorFlowException e) {
      throw new IllegalStateException("Could not compute gradients: " + ErrorMessages.clean(e), e);
    }
    List<KerasTensor> result = new ArrayList<>();
    for (Output<?> grad : grads) {
      result.add(grad == null || grad.op() == null ? null : TfOperands.wrap(grad));
    }
    return result;
  }

  @Override
  public Update group(List<Update> updates) {
    return building(() -> new TfUpdate(tf().withControlDependencies(ops(updates)).noOp()));
  }

  @Override
  public <T> T after(List<Update> dependencies, Supplier<T> body) {
    return trace(() -> Context.after(this, ops(dependencies), true, body));
  }

  @Override
  public <T> T nextStepAfter(List<Update> dependencies, Supplier<T> body) {
    return trace(() -> {
      traceCount++;
      try {
        return Context.nextStep(this, ops(dependencies), body);
      } finally {
        traceCount++;
      }
    });
  }

  private static List<Op> ops(List<Update> updates) {
    return updates.stream().map(u -> ((TfUpdate) u).op()).toList();
  }

  @Override
  public OptimizerKernels optimizerKernels() {
    return kernels;
  }

  @Override
  public GraphFunction function(List<KerasTensor> inputs, List<KerasTensor> outputs, List<Update> updates) {
    List<Operand<?>> fed = inputs.stream().<Operand<?>>map(TfOperands::operand).toList();
    Set<Output<?>> fedOutputs = fed.stream().map(Operand::asOutput).collect(Collectors.toSet());
    // A session may not fetch what it is fed: an output that is an input (a model of layers that
    // are the identity at inference) is fetched through an Identity op.
    List<Operand<?>> fetched = outputs.stream().<Operand<?>>map(TfOperands::operand)
        .map(o -> fedOutputs.contains(o.asOutput()) ? identity(o) : o).toList();
    return new TfGraphFunction(pending, session, fed, fetched, ops(updates));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> identity(Operand<?> operand) {
    return tf.identity((Operand) operand);
  }

  @Override
  public Feed feed(NdArray<?> value) {
    return feeds.feed(value);
  }

  @Override
  public Feed feed(int[] values, int from, int to) {
    return new TfFeed(TInt32.vectorOf(Arrays.copyOfRange(values, from, to)));
  }

  @Override
  public void exportSavedModel(java.nio.file.Path directory, List<dev.jkeras.backend.ExportSignature> signatures) {
    java.nio.file.Path target = directory.toAbsolutePath().normalize();
    try {
      dev.jkeras.backend.AtomicFiles.writeDirectory(target, SavedModelTargets::checkExportTarget, staging -> {
        buildLock.lock();
        try {
          pending.runAll();
          SavedModelWriter.write(graph, session, variables, importedVariables(), signatures, staging);
        } finally {
          buildLock.unlock();
        }
      });
    } catch (java.io.IOException | TensorFlowException e) {
      throw new IllegalStateException("Could not export a SavedModel to " + target + ": " + ErrorMessages.clean(e), e);
    }
  }

  @Override
  public java.util.SortedMap<String, KerasTensor> callSavedModel(java.nio.file.Path directory, String tag,
      String signature, java.util.Map<String, KerasTensor> inputs, java.util.Map<String, Shape> outputShapes) {
    ImportedSavedModel imported = building(() -> importedSavedModel(directory, tag));
    SignatureBinding.checkInputs(imported.file(), signature, inputs);
    return trace(() -> {
      java.util.Map<String, Output<?>> bound = new java.util.TreeMap<>();
      inputs.forEach((name, tensor) -> bound.put(name, TfOperands.operand(tensor).asOutput()));
      java.util.Map<String, Output<?>> outputs = imported.call(signature, bound);
      java.util.SortedMap<String, KerasTensor> result = new java.util.TreeMap<>();
      var infos = imported.file().signature(signature).getOutputsMap();
      outputs.forEach((name, output) -> result.put(name,
          SignatureBinding.output(name, output, infos.get(name), outputShapes.get(name), tf())));
      return result;
    });
  }

  /** The variables of the SavedModels imported into this graph, in import order. */
  private List<ImportedVariable> importedVariables() {
    return savedModels.values().stream().flatMap(m -> m.variables().stream()).toList();
  }

  /** The SavedModel imported into this graph, importing it and restoring its variables on first use. */
  private ImportedSavedModel importedSavedModel(java.nio.file.Path directory, String tag) {
    String key = directory.toAbsolutePath().normalize() + "\0" + tag;
    ImportedSavedModel imported = savedModels.get(key);
    if (imported == null) {
      TaggedMetaGraph file = TaggedMetaGraph.read(directory, tag);
      String scope = tf.scope().makeUnique(validName(file.directory().getFileName() + "_import"));
      imported = ImportedSavedModel.load(file, graph, session, scope);
      savedModels.put(key, imported);
    }
    return imported;
  }

  /** The graph as a serialized GraphDef, for TensorBoard's graph view. */
  public byte[] graphDef() {
    return building(() -> {
      if (isClosed()) {
        throw new IllegalStateException(this + " is closed");
      }
      return graph.toGraphDef().toByteArray();
    });
  }

  @Override
  public int operationCount() {
    return building(() -> {
      int count = 0;
      for (var it = graph.operations(); it.hasNext(); it.next()) {
        count++;
      }
      return count;
    });
  }

  @Override
  public boolean isClosed() {
    return resources.isReleased();
  }

  /** Releases the native graph and session now; idempotent, and the cleaner then has nothing left to do. */
  @Override
  public void close() {
    building(() -> {
      savedModels.clear();
      cleanable.clean();
      return null;
    });
  }

  @Override
  public String toString() {
    return "ModelGraph[" + name + "]";
  }
}
