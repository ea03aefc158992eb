package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.ImportedModel;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** A SavedModel loaded with TensorFlow's own loader; signatures run by feeding and fetching their tensors. */
final class TfImportedModel implements ImportedModel {
  private final Path path;
  private final SavedModelBundle bundle;
  private final List<String> tags;
  private final Map<String, SignatureSpec> signatures = new TreeMap<>();
  private final Map<String, SignatureDef> definitions = new TreeMap<>();

  private TfImportedModel(Path path, SavedModelBundle bundle) {
    this.path = path;
    this.bundle = bundle;
    this.tags = List.copyOf(bundle.metaGraphDef().getMetaInfoDef().getTagsList());
    bundle.metaGraphDef().getSignatureDefMap().forEach((name, def) -> {
      if (name.startsWith("__")) {
        return; // TensorFlow's own entries, such as __saved_model_init_op, are not callable signatures
      }
      definitions.put(name, def);
      signatures.put(name, new SignatureSpec(name, def.getMethodName(), specs(def.getInputsMap()),
          specs(def.getOutputsMap())));
    });
  }

  static TfImportedModel load(Path directory, String... tags) {
    if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException("No SavedModel in " + directory.toAbsolutePath()
          + ": expected a saved_model.pb there (and a variables/ folder)");
    }
    String[] wanted = tags.length == 0 ? new String[] {SavedModelBundle.DEFAULT_TAG} : tags;
    try {
      return new TfImportedModel(directory, SavedModelBundle.load(directory.toString(), wanted));
    } catch (TensorFlowException e) {
      throw new IllegalArgumentException("Could not load the SavedModel in " + directory + " with tags "
          + List.of(wanted) + ": " + ErrorMessages.clean(e), e);
    }
  }

  private static Map<String, TensorSpec> specs(Map<String, TensorInfo> infos) {
    Map<String, TensorSpec> specs = new TreeMap<>();
    infos.forEach((name, info) -> specs.put(name, new TensorSpec(name, dtype(info.getDtype()), shape(info.getTensorShape()))));
    return specs;
  }

  private static DType dtype(DataType type) {
    return switch (type) {
      case DT_FLOAT -> DType.FLOAT32;
      case DT_DOUBLE -> DType.FLOAT64;
      case DT_INT32 -> DType.INT32;
      case DT_INT64 -> DType.INT64;
      case DT_UINT8 -> DType.UINT8;
      case DT_BOOL -> DType.BOOL;
      case DT_STRING -> DType.STRING;
      default -> throw new IllegalArgumentException("jkeras does not support SavedModel tensors of type " + type);
    };
  }

  private static Shape shape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return Shape.scalar();
    }
    return Shape.of(proto.getDimList().stream().mapToLong(d -> d.getSize() < 0 ? Shape.UNKNOWN : d.getSize()).toArray());
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
    return signatures;
  }

  @Override
  public Map<String, NdArray<?>> call(String signature, Map<String, ? extends NdArray<?>> inputs) {
    SignatureDef def = definitions.get(signature);
    if (def == null) {
      throw new IllegalArgumentException("The SavedModel in " + path + " has no signature '" + signature
          + "'. Signatures: " + signatures.keySet());
    }
    SignatureSpec spec = signatures.get(signature);
    for (String name : inputs.keySet()) {
      if (!spec.inputs().containsKey(name)) {
        throw new IllegalArgumentException("Signature '" + signature + "' has no input '" + name + "'. Inputs: "
            + spec.inputs().values());
      }
    }
    List<Tensor> opened = new ArrayList<>();
    try {
      Session.Runner runner = bundle.session().runner();
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
  public void close() {
    bundle.close();
  }

  @Override
  public String toString() {
    return "ImportedModel[" + path + ", tags=" + tags + ", signatures=" + signatures.keySet() + "]";
  }
}
