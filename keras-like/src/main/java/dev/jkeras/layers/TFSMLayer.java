package dev.jkeras.layers;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.saving.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A TensorFlow SavedModel (made in Python, say) used as a frozen layer, as Keras 3's {@code
 * keras.layers.TFSMLayer(filepath, call_endpoint="serving_default")}: the signature's ops are
 * imported into the model's graph and its variables restored from the SavedModel's files, so a
 * Python feature extractor can feed a head trained in Java. No Python runs.
 *
 * <p>The layer takes the signature's inputs in the order of their names and returns its outputs in
 * the order of their names (one output: {@link #apply}; several: {@link #applyAll}, by key with
 * {@link #applyByKey}, or pick one with {@link #outputKey}). Its variables are never trained; they count as
 * non-trainable params ({@link #importedParams()}), and a model holding it exports with them ({@code
 * model.export(dir)}).
 */
public class TFSMLayer extends Layer {
  /** The MetaGraph tag TensorFlow serving and Keras load. */
  public static final String SERVE = "serve";

  private final Path filepath;
  private final String callEndpoint;
  private final String tag;
  private final SignatureSpec signature;
  private final List<String> inputNames;
  private final long importedParams;
  private final Map<String, Shape> outputShapes = new HashMap<>();
  private String outputKey;

  /** The {@code serving_default} signature of the SavedModel in directory {@code filepath}. */
  public TFSMLayer(String filepath) {
    this(Path.of(filepath));
  }

  /** Signature {@code callEndpoint} of the SavedModel in directory {@code filepath}, as {@code TFSMLayer("python_model", "serving_default")}. */
  public TFSMLayer(String filepath, String callEndpoint) {
    this(Path.of(filepath), callEndpoint);
  }

  /** The {@code serving_default} signature of the SavedModel in {@code filepath}. */
  public TFSMLayer(Path filepath) {
    this(filepath, "serving_default");
  }

  /** Signature {@code callEndpoint} of the SavedModel in {@code filepath} (tag {@code serve}). */
  public TFSMLayer(Path filepath, String callEndpoint) {
    this(filepath, callEndpoint, SERVE);
  }

  /**
   * Signature {@code callEndpoint} of the MetaGraph tagged {@code tag}; fails at once when the
   * SavedModel, the tag or the signature is missing (listing the signatures there are).
   */
  public TFSMLayer(Path filepath, String callEndpoint, String tag) {
    this.filepath = Objects.requireNonNull(filepath, "filepath");
    this.callEndpoint = Objects.requireNonNull(callEndpoint, "callEndpoint");
    this.tag = Objects.requireNonNull(tag, "tag");
    this.signature = Backends.get().savedModels().signature(filepath, tag, callEndpoint);
    this.inputNames = List.copyOf(new TreeMap<>(signature.inputs()).keySet());
    this.importedParams = Backends.get().savedModels().variableShapes(filepath, tag, callEndpoint).stream()
        .mapToLong(Shape::size).sum();
    super.trainable(false);
  }

  public Path filepath() {
    return filepath;
  }

  public String callEndpoint() {
    return callEndpoint;
  }

  /** The signature called: its inputs and outputs with dtypes and shapes (null shape: unknown rank). */
  public SignatureSpec signature() {
    return signature;
  }

  /**
   * The scalars in the SavedModel's variables that the signature reads, which Keras counts as the
   * layer's non-trainable weights; they are not among {@link #weights()}: they are restored from the
   * SavedModel (never from a {@code .keras} file) and never trained.
   */
  @Override
  public long importedParams() {
    return importedParams;
  }

  /**
   * Calls the layer and returns the signature's outputs by key, as Keras's TFSMLayer returns a dict
   * when the signature has several: {@code layer.applyByKey(input).get("probabilities")}. With
   * {@link #outputKey} set, the one entry of that key.
   */
  public Map<String, KerasTensor> applyByKey(KerasTensor... inputs) {
    return applyByKey(List.of(inputs));
  }

  /** {@link #applyByKey(KerasTensor...)} on a list of inputs, in the order of the signature's input names. */
  public Map<String, KerasTensor> applyByKey(List<KerasTensor> inputs) {
    List<String> keys = outputKey != null ? List.of(outputKey) : outputKeys();
    List<KerasTensor> results = applyAll(inputs, false);
    Map<String, KerasTensor> byKey = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byKey.put(keys.get(i), results.get(i));
    }
    return Collections.unmodifiableMap(byKey);
  }

  /** The keys of the signature's outputs, in the order {@link #applyAll} returns them (sorted). */
  public List<String> outputKeys() {
    return List.copyOf(new TreeMap<>(signature.outputs()).keySet());
  }

  /** Returns only the signature's output {@code key} instead of all of them. */
  public TFSMLayer outputKey(String key) {
    checkNotBuilt("outputKey");
    checkOutput(key);
    this.outputKey = key;
    return this;
  }

  /**
   * Declares the shape of one sample of output {@code key} (no batch dimension), for signatures that
   * do not say (TF2 functions often don't); checked at run time.
   */
  public TFSMLayer outputShape(String key, int... sampleShape) {
    checkNotBuilt("outputShape");
    checkOutput(key);
    outputShapes.put(key, Shape.of(sampleShape).prepend(Shape.UNKNOWN));
    return this;
  }

  private void checkOutput(String key) {
    if (!signature.outputs().containsKey(key)) {
      throw new IllegalArgumentException("Signature '" + callEndpoint + "' of " + filepath + " has no output '"
          + key + "'. Outputs: " + new TreeMap<>(signature.outputs()).values());
    }
  }

  @Override
  public TFSMLayer name(String name) {
    super.name(name);
    return this;
  }

  /** A TFSMLayer is frozen: {@code trainable(true)} is an error. */
  @Override
  public TFSMLayer trainable(boolean trainable) {
    if (trainable) {
      throw new UnsupportedOperationException("TFSMLayer '" + name() + "' is frozen: training the variables "
          + "of an imported SavedModel is not supported");
    }
    return this;
  }

  @Override
  protected List<KerasTensor> call(List<KerasTensor> inputs, boolean training) {
    if (inputs.size() != inputNames.size()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" calls signature '" + callEndpoint + "', which "
          + "takes " + inputNames.size() + " input(s) " + describe(signature.inputs()) + " in this order, but was "
          + "called on " + inputs.size());
    }
    Map<String, KerasTensor> bound = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      bound.put(inputNames.get(i), inputs.get(i));
    }
    ModelGraph graph = Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Layer \"" + name() + "\" runs only inside a model; add it to one"));
    SortedMap<String, KerasTensor> outputs;
    try {
      outputs = graph.callSavedModel(filepath, tag, callEndpoint, bound, outputShapes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (TFSMLayer of " + filepath + "): "
          + e.getMessage(), e);
    }
    return outputKey != null ? List.of(outputs.get(outputKey)) : new ArrayList<>(outputs.values());
  }

  private static String describe(Map<String, TensorSpec> specs) {
    return new TreeMap<>(specs).values().stream()
        .map(s -> s.name() + ": " + s.dtype() + (s.shape() == null ? "(any)" : s.shape().toString()))
        .toList().toString();
  }

  /** Rebuilds the layer from Keras's TFSMLayer config; the SavedModel must still be at its saved path. */
  public static TFSMLayer fromConfig(Config config) {
    return new TFSMLayer(Path.of(config.getString("filepath", "")), config.getString("call_endpoint", "serving_default"));
  }

  /** Keras's TFSMLayer options: where the SavedModel is and which signature it calls. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("filepath", filepath.toString());
    config.put("call_endpoint", callEndpoint);
    config.put("call_training_endpoint", null);
    return config;
  }
}
