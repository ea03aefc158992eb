package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SavedModelOptions;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;

/**
 * A SavedModel loaded with TensorFlow's own loader after jkeras has read its file, chosen the meta
 * graph, passed its ops through {@link OpScreen} and checked its variables files; signatures run by
 * feeding and fetching their tensors.
 */
final class TfImportedModel implements ImportedModel {
  private final Path path;
  private final List<String> loadTags;
  private final MetaGraphDef screened;
  private SavedModelBundle bundle;
  private final List<String> tags;
  private final ImportedSignatures signatures;
  private final Map<String, List<String>> ops;

  private TfImportedModel(Path path, List<String> loadTags, MetaGraphDef metaGraph, ImportedSignatures signatures) {
    this.path = path;
    this.loadTags = loadTags;
    this.screened = signatures.withoutBad(metaGraph);
    this.tags = List.copyOf(metaGraph.getMetaInfoDef().getTagsList());
    this.signatures = signatures;
    this.ops = OpScreen.inventory(metaGraph.getGraphDef());
  }

  /**
   * Reads the SavedModel in {@code directory}, screens the ops of the meta graph {@code options}
   * chooses and checks its variables files and signatures. Nothing runs: TensorFlow loads what was
   * screened (restoring the variables) when a signature is first called.
   */
  static TfImportedModel load(Path directory, SavedModelOptions options) {
    SavedModelFile file = SavedModelFile.read(directory);
    List<String> tags = options.effectiveTags();
    MetaGraphDef metaGraph = file.metaGraph(tags);
    OpScreen.check(metaGraph, options.allowedOps(), file.directory());
    file.checkVariables(metaGraph);
    return new TfImportedModel(file.directory(), tags, metaGraph, new ImportedSignatures(metaGraph,
        OpScreen.refusedSignatures(metaGraph, options.allowedOps(), file.directory())));
  }

  /** The loaded bundle, loaded from the screened meta graph on first use. */
  private synchronized SavedModelBundle bundle() {
    if (bundle == null) {
      try (StagedSavedModel staged = StagedSavedModel.of(path, screened)) {
        try {
          bundle = SavedModelBundle.load(staged.directory().toString(), loadTags.toArray(String[]::new));
        } catch (TensorFlowException | IllegalArgumentException | IndexOutOfBoundsException e) {
          throw new IllegalArgumentException("Could not load the SavedModel in " + path + " with tags "
              + loadTags + " (are its variables files intact?): "
              + ErrorMessages.clean(e).replace(staged.directory().toString(), path.toString()), e);
        }
      }
    }
    return bundle;
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
    List<Tensor> opened = new ArrayList<>();
    try {
      Session.Runner runner = bundle().session().runner();
      for (TensorSpec input : spec.inputs().values()) {
        NdArray<?> value = inputs.get(input.name());
        if (value == null) {
          throw new IllegalArgumentException("Signature '" + signature + "' needs input '" + input.name()
              + "' (" + input.dtype() + input.shape() + "). Inputs: " + spec.inputs().values());
        }
        DType given = DType.of(value);
        if (given != input.dtype()) {
          throw new IllegalArgumentException("Input '" + input.name() + "' of signature '" + signature + "' must be "
              + input.dtype() + ", got " + given);
        }
        Shape shape = Shape.of(value.shape().asArray());
        if (!input.accepts(shape)) {
          throw new IllegalArgumentException("Input '" + input.name() + "' of signature '" + signature
              + "' must have shape " + input.shape() + " (rank " + input.shape().rank() + "), got " + shape
              + " (rank " + shape.rank() + ")");
        }
        Tensor tensor = Tensors.toTensor(value);
        opened.add(tensor);
        runner.feed(def.getInputsMap().get(input.name()).getName(), tensor);
      }
      List<String> outputNames = new ArrayList<>(spec.outputs().keySet());
      outputNames.forEach(name -> runner.fetch(def.getOutputsMap().get(name).getName()));
      try (Result result = runner.run()) {
        Map<String, NdArray<?>> outputs = new LinkedHashMap<>();
        for (int i = 0; i < outputNames.size(); i++) {
          outputs.put(outputNames.get(i), Tensors.toNdArray(result.get(i)));
        }
        return outputs;
      }
    } catch (TensorFlowException e) {
      throw new IllegalArgumentException("Running signature '" + signature + "' of " + path + " failed: "
          + ErrorMessages.clean(e), e);
    } finally {
      opened.forEach(Tensor::close);
    }
  }

  @Override
  public synchronized void close() {
    if (bundle != null) {
      bundle.close();
      bundle = null;
    }
  }

  @Override
  public String toString() {
    return "ImportedModel[" + path + ", tags=" + tags + ", signatures=" + signatures.specs.keySet() + "]";
  }
}
