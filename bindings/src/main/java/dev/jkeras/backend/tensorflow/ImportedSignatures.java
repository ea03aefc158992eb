package dev.jkeras.backend.tensorflow;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The signatures of a loaded meta graph, read one by one: those jkeras can call, with their specs
 * and tensor names, and those it cannot, with the reason. One bad signature spoils no other.
 */
final class ImportedSignatures {
  final Map<String, SignatureSpec> specs = new TreeMap<>();
  final Map<String, SignatureDef> definitions = new TreeMap<>();
  final Map<String, String> bad = new TreeMap<>();

  ImportedSignatures(MetaGraphDef metaGraph, Graph graph) {
    metaGraph.getSignatureDefMap().forEach((name, def) -> {
      if (name.startsWith("__")) {
        return; // TensorFlow's own entries, such as __saved_model_init_op, are not callable signatures
      }
      try {
        specs.put(name, new SignatureSpec(name, def.getMethodName(), specs(def.getInputsMap(), "input", graph),
            specs(def.getOutputsMap(), "output", graph)));
        definitions.put(name, def);
      } catch (IllegalArgumentException e) {
        bad.put(name, e.getMessage());
      }
    });
  }

  private static Map<String, TensorSpec> specs(Map<String, TensorInfo> infos, String role, Graph graph) {
    Map<String, TensorSpec> specs = new TreeMap<>();
    infos.forEach((name, info) -> {
      if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
        throw new IllegalArgumentException(role + " '" + name + "' is a " + info.getEncodingCase()
            + " tensor; jkeras feeds and fetches dense tensors only");
      }
      checkInGraph(name, role, info.getName(), graph);
      DType dtype = dtype(info.getDtype());
      if (dtype == null) {
        throw new IllegalArgumentException(role + " '" + name + "' has dtype " + info.getDtype()
            + ", which jkeras does not support (float32, float64, int32, int64, uint8, bool, string)");
      }
      TensorShapeProto shape = info.getTensorShape();
      specs.put(name, new TensorSpec(name, dtype, shape(shape), !shape.getUnknownRank()));
    });
    return specs;
  }

  private static void checkInGraph(String name, String role, String tensor, Graph graph) {
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
      default -> null;
    };
  }

  private static Shape shape(TensorShapeProto proto) {
    if (proto.getUnknownRank()) {
      return Shape.scalar();
    }
    return Shape.of(proto.getDimList().stream().mapToLong(d -> d.getSize() < 0 ? Shape.UNKNOWN : d.getSize()).toArray());
  }
}
