package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.tensorflow.Tensors;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The signatures of a meta graph, checked one by one against its graph before TensorFlow loads it:
 * those jkeras can call, with their specs and tensor names, and those it cannot, with the reason.
 * TensorFlow Java refuses a whole SavedModel for one bad signature, so the bad ones are left out of
 * what it loads ({@link #withoutBad}); one bad signature spoils no other.
 */
final class ImportedSignatures {
  final Map<String, SignatureSpec> specs = new TreeMap<>();
  final Map<String, SignatureDef> definitions = new TreeMap<>();
  final Map<String, String> bad = new TreeMap<>();

  /**
   * Checks the signatures of {@code metaGraph} against its graph, imported into a scratch graph (this
   * builds the graph and runs nothing), and the shapes TensorFlow inferred there against {@code
   * memoryLimit} ({@link GraphLimits#checkInferredShapes}); those in {@code refused} (by the {@link
   * OpScreen}, with the reason) are bad whatever else holds.
   */
  ImportedSignatures(MetaGraphDef metaGraph, Map<String, String> refused, long memoryLimit,
      java.nio.file.Path directory) {
    try (Graph graph = new Graph()) {
      boolean imported;
      try {
        graph.importGraphDef(metaGraph.getGraphDef());
        imported = true;
      } catch (RuntimeException e) {
        imported = false; // TensorFlow's loader will report what is wrong with the graph itself
      }
      if (imported) {
        GraphLimits.checkInferredShapes(graph, memoryLimit, directory);
      }
      for (Map.Entry<String, SignatureDef> entry : metaGraph.getSignatureDefMap().entrySet()) {
        String name = entry.getKey();
        SignatureDef def = entry.getValue();
        if (name.startsWith("__")) {
          continue; // TensorFlow's own entries, such as __saved_model_init_op, are not callable signatures
        }
        if (refused.containsKey(name)) {
          bad.put(name, refused.get(name));
          continue;
        }
        try {
          specs.put(name, new SignatureSpec(name, def.getMethodName(),
              specs(def.getInputsMap(), "input", imported ? graph : null),
              specs(def.getOutputsMap(), "output", imported ? graph : null)));
          definitions.put(name, def);
        } catch (IllegalArgumentException e) {
          bad.put(name, e.getMessage());
        }
      }
    }
  }

  /** {@code metaGraph} without the bad signatures, for TensorFlow's loader. */
  MetaGraphDef withoutBad(MetaGraphDef metaGraph) {
    if (bad.isEmpty()) {
      return metaGraph;
    }
    MetaGraphDef.Builder builder = metaGraph.toBuilder();
    bad.keySet().forEach(builder::removeSignatureDef);
    return builder.build();
  }

  private static Map<String, TensorSpec> specs(Map<String, TensorInfo> infos, String role, Graph graph) {
    Map<String, TensorSpec> specs = new TreeMap<>();
    infos.forEach((name, info) -> {
      if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
        throw new IllegalArgumentException(role + " '" + name + "' is a " + info.getEncodingCase()
            + " tensor; jkeras feeds and fetches dense tensors only");
      }
      DType dtype = Tensors.dtypeOf(info.getDtype());
      if (dtype == null) {
        throw new IllegalArgumentException(role + " '" + name + "' has dtype " + info.getDtype()
            + ", which jkeras does not support (float32, float64, int32, int64, uint8, bool, string)");
      }
      if (graph != null) {
        checkAgainstGraph(name, role, info, graph);
      }
      TensorShapeProto shape = info.getTensorShape();
      specs.put(name, new TensorSpec(name, dtype, shape(shape), !shape.getUnknownRank(), info.getName()));
    });
    return specs;
  }

  /** What TensorFlow Java checks when it loads: the tensor exists, with the dtype and a compatible shape. */
  private static void checkAgainstGraph(String name, String role, TensorInfo info, Graph graph) {
    String tensor = info.getName();
    int colon = tensor.lastIndexOf(':');
    String op = colon < 0 ? tensor : tensor.substring(0, colon);
    int index;
    try {
      index = colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(role + " '" + name + "' names the tensor '" + tensor
          + "', which is not of the form op:index");
    }
    GraphOperation operation = graph.operation(op);
    if (operation == null) {
      throw new IllegalArgumentException(role + " '" + name + "' names the tensor '" + tensor
          + "', but the graph has no op '" + op + "'");
    }
    if (index < 0 || index >= operation.numOutputs()) {
      throw new IllegalArgumentException(role + " '" + name + "' names the tensor '" + tensor + "', but op '"
          + op + "' has " + operation.numOutputs() + " outputs");
    }
    Output<?> output = operation.output(index);
    if (output.dataType() != info.getDtype()) {
      throw new IllegalArgumentException(role + " '" + name + "' is declared " + info.getDtype() + " but tensor '"
          + tensor + "' is " + output.dataType());
    }
    org.tensorflow.ndarray.Shape declared = nativeShape(info.getTensorShape());
    if (!output.shape().isCompatibleWith(declared)) {
      throw new IllegalArgumentException(role + " '" + name + "' is declared with shape " + declared
          + " but tensor '" + tensor + "' has shape " + output.shape());
    }
  }

  private static org.tensorflow.ndarray.Shape nativeShape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return org.tensorflow.ndarray.Shape.unknown();
    }
    return org.tensorflow.ndarray.Shape.of(proto.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize)
        .toArray());
  }

  private static Shape shape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return Shape.scalar();
    }
    return Shape.of(proto.getDimList().stream().mapToLong(d -> d.getSize() < 0 ? Shape.UNKNOWN : d.getSize()).toArray());
  }
}
