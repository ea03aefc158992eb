package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.tensorflow.ErrorMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;

/**
 * A SavedModel loaded with TensorFlow's own loader after jkeras has read its file, chosen the meta
 * graph, passed its ops through {@link OpScreen} and its shape and sizes through {@link GraphLimits},
 * and checked its variables files; signatures run by feeding and fetching their tensors.
 *
 * <p>TensorFlow's work (the scratch import at load, the loader, every run) happens on {@link
 * NativeThreads}, whose large stack holds TensorFlow's recursion along deep graphs, and each call
 * waits at most {@link SavedModelOptions#callTimeout()}. Loaded with {@link
 * SavedModelOptions#noCallTimeout()}, a call of a signature that has run once runs on the caller's
 * thread instead: no handoff, so it costs what TensorFlow's session run costs. TensorFlow 1.1.0's {@code
 * RunOptions.timeout_in_ms} (also set) only reports the timeout once the whole run has ended (measured:
 * a 300-MatMul chain given 1 s ended after 15 s), and nothing in its C API stops a running graph, so
 * a call past its deadline goes on in the background; the model takes no new call until it ends. Ops pinned to a device this machine lacks (e.g. {@code
 * /device:GPU:0} without a GPU) run where TensorFlow can place them ({@code allow_soft_placement}, as
 * Python's {@code tf.saved_model.load} does).
 */
final class TfImportedModel implements ImportedModel {
  private final Path path;
  private final List<String> loadTags;
  private final MetaGraphDef screened;
  private final Duration callTimeout;
  /**
   * Whether calls have a deadline; without one ({@link SavedModelOptions#noCallTimeout()}), a
   * signature that has run once on a native thread (TensorFlow then built what its first run needs
   * deep stacks for) runs on the caller's thread.
   */
  private final boolean timed;
  /** The options of every call (the timeout), made once. */
  private final RunOptions callOptions;
  /** Held while TensorFlow loads the bundle, which may take long, so that the model's monitor stays free. */
  private final Object loading = new Object();
  private volatile SavedModelBundle bundle;
  /** The signatures called so far, bound to the loaded bundle's tensors. */
  private final Map<String, SignatureCall> bound = new ConcurrentHashMap<>();
  private int running;
  private int overdue;
  private boolean closed;
  private final List<String> tags;
  private final ImportedSignatures signatures;
  private final Map<String, List<String>> ops;
  private final boolean checkInputShapes;

  private TfImportedModel(Path path, List<String> loadTags, MetaGraphDef metaGraph, ImportedSignatures signatures,
      Duration callTimeout, boolean checkInputShapes) {
    this.path = path;
    this.checkInputShapes = checkInputShapes;
    this.loadTags = loadTags;
    this.screened = signatures.withoutBad(metaGraph);
    this.callTimeout = callTimeout;
    this.timed = !callTimeout.equals(SavedModelOptions.NO_CALL_TIMEOUT);
    this.callOptions = runOptions();
    this.tags = List.copyOf(metaGraph.getMetaInfoDef().getTagsList());
    this.signatures = signatures;
    this.ops = OpScreen.inventory(metaGraph.getGraphDef());
  }

  /**
   * Reads the SavedModel in {@code directory}, screens the ops, shape and sizes of the meta graph
   * {@code options} chooses and checks its variables files and signatures. Nothing runs: TensorFlow
   * loads what was screened (restoring the variables) when a signature is first called.
   */
  static TfImportedModel load(Path directory, SavedModelOptions options) {
    SavedModelFile file = SavedModelFile.read(directory);
    List<String> tags = options.effectiveTags();
    MetaGraphDef metaGraph = file.metaGraph(tags);
    OpScreen.check(metaGraph, options.allowedOps(), file.directory());
    GraphLimits.check(metaGraph.getGraphDef(), options, file.directory());
    file.checkVariables(metaGraph, options.memoryLimit());
    Map<String, String> refused = OpScreen.refusedSignatures(metaGraph, options.allowedOps(), file.directory());
    ImportedSignatures signatures = NativeThreads.call(
        () -> new ImportedSignatures(metaGraph, refused, options.memoryLimit(), file.directory()));
    return new TfImportedModel(file.directory(), tags, metaGraph, signatures, options.callTimeout(),
        options.checkInputShapes());
  }

  private RunOptions runOptions() {
    return timed ? RunOptions.newBuilder().setTimeoutInMs(callTimeout.toMillis()).build()
        : RunOptions.getDefaultInstance();
  }

  /** The loaded bundle, loaded from the screened meta graph on first use; called on a {@link NativeThreads} thread. */
  private SavedModelBundle bundle() {
    SavedModelBundle loaded = bundle;
    if (loaded != null) {
      return loaded;
    }
    synchronized (loading) {
      if (bundle == null) {
        try (StagedSavedModel staged = StagedSavedModel.of(path, screened)) {
          try {
            bundle = SavedModelBundle.loader(staged.directory().toString())
                .withTags(loadTags.toArray(String[]::new))
                .withConfigProto(ConfigProto.newBuilder().setAllowSoftPlacement(true).build())
                .withRunOptions(runOptions())
                .load();
          } catch (RuntimeException e) {
            if (!ErrorMessages.isTensorFlow(e) && !(e instanceof IndexOutOfBoundsException)) {
              throw e;
            }
            throw new IllegalArgumentException("Could not load the SavedModel in " + path + " with tags "
                + loadTags + " (are its variables files intact?): "
                + ErrorMessages.headline(e).replace(staged.directory().toString(), path.toString()), e);
          }
        }
      }
      return bundle;
    }
  }

  /** One call's run on a native thread: whether it has ended, and whether its caller stopped waiting for it. */
  private static final class Run {
    boolean ended;
    boolean overdue;
  }

  private synchronized Run enter() {
    if (closed) {
      throw new IllegalStateException("The SavedModel " + path + " was closed; load it again");
    }
    if (overdue > 0) {
      throw new IllegalStateException("An earlier call of the SavedModel in " + path + " passed its deadline ("
          + callTimeout.toMillis() + " ms) and still runs in TensorFlow, which cannot stop a running graph. Call "
          + "again when it has ended; if the model needs longer, load it with a longer SavedModelOptions.callTimeout");
    }
    running++;
    return new Run();
  }

  /** Ends a run; the last run after {@link #close()} closes the bundle. */
  private synchronized void exit(Run run) {
    run.ended = true;
    running--;
    if (run.overdue) {
      overdue--;
    }
    if (closed && running == 0) {
      release();
    }
  }

  private synchronized void abandon(Run run) {
    if (!run.ended) {
      run.overdue = true;
      overdue++;
    }
  }

  private void release() {
    bound.clear();
    if (bundle != null) {
      bundle.close();
      bundle = null;
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public List<String> tags() {
    return tags;
  }

  @Override
  public Map<String, SignatureSpec> signatures() {
    return Collections.unmodifiableMap(signatures.specs);
  }

  @Override
  public Map<String, String> badSignatures() {
    return Collections.unmodifiableMap(signatures.bad);
  }

  @Override
  public Map<String, List<String>> ops() {
    return Collections.unmodifiableMap(ops);
  }

  @Override
  public void loadNow() {
    Run run = enter();
    try {
      NativeThreads.call(() -> {
        try {
          return bundle();
        } finally {
          exit(run);
        }
      });
    } catch (RuntimeException e) {
      if (ErrorMessages.isTensorFlow(e)) {
        throw ErrorMessages.translate("Loading the SavedModel in " + path + " failed", e);
      }
      throw e;
    }
  }

  @Override
  public Map<String, NdArray<?>> call(String signature, Map<String, ? extends NdArray<?>> inputs) {
    if (signatures.bad.containsKey(signature)) {
      throw new IllegalArgumentException("Signature '" + signature + "' of the SavedModel in " + path
          + " cannot be called: " + signatures.bad.get(signature));
    }
    SignatureDef def = signatures.definitions.get(signature);
    if (def == null) {
      throw new IllegalArgumentException("The SavedModel in " + path + " has no signature '" + signature
          + "'. Signatures: " + signatures.specs.keySet()
          + (signatures.bad.isEmpty() ? "" : " (unusable: " + signatures.bad.keySet() + ")"));
    }
    SignatureSpec spec = signatures.specs.get(signature);
    for (String name : inputs.keySet()) {
      if (!spec.inputs().containsKey(name)) {
        throw new IllegalArgumentException("Signature '" + signature + "' has no input '" + name + "'. Inputs: "
            + spec.inputs().values());
      }
    }
    Run run = enter();
    try {
      if (!timed) {
        SignatureCall warm = bound.get(signature);
        if (warm != null && warm.ranOnce()) {
          try {
            return run(signature, def, spec, inputs);
          } finally {
            exit(run);
          }
        }
      }
      Callable<Map<String, NdArray<?>>> work = () -> {
        try {
          return run(signature, def, spec, inputs);
        } finally {
          exit(run);
        }
      };
      return timed ? NativeThreads.call(work, callTimeout) : NativeThreads.call(work);
    } catch (TimeoutException e) {
      abandon(run);
      throw timedOut(signature);
    } catch (RuntimeException e) {
      if (ErrorMessages.isTensorFlow(e)) {
        throw ErrorMessages.translate("Running signature '" + signature + "' of the SavedModel in " + path
            + " failed", e);
      }
      throw e;
    }
  }

  private IllegalStateException timedOut(String signature) {
    return new IllegalStateException("Signature '" + signature + "' of the SavedModel in " + path
        + " did not finish within " + callTimeout.toMillis() + " ms (SavedModelOptions.callTimeout). If the model"
        + " is trusted and needs longer, load it with SavedModelOptions.defaults().callTimeout(...)");
  }

  private Map<String, NdArray<?>> run(String signature, SignatureDef def, SignatureSpec spec,
      Map<String, ? extends NdArray<?>> inputs) {
    long start = System.nanoTime();
    try {
      SignatureCall call = bound.get(signature);
      if (call == null) {
        SavedModelBundle loaded = bundle();
        call = bound.computeIfAbsent(signature,
            name -> new SignatureCall(name, def, spec, loaded.graph(), loaded.session(), callOptions));
      }
      call.check(inputs, checkInputShapes);
      return call.run(inputs);
    } catch (TensorFlowException e) {
      if (Duration.ofNanos(System.nanoTime() - start).compareTo(callTimeout) >= 0) {
        throw timedOut(signature);
      }
      throw e;
    }
  }

  /** Closes the bundle, at once or, while calls still run in the background after their deadline, when the last ends. */
  @Override
  public synchronized void close() {
    closed = true;
    if (running == 0) {
      release();
    }
  }

  @Override
  public String toString() {
    return "ImportedModel[" + path + ", tags=" + tags + ", signatures=" + signatures.specs.keySet() + "]";
  }
}
