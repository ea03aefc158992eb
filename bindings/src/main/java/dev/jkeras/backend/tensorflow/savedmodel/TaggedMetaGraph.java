package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.backend.SignatureSpec;
import dev.jkeras.backend.TensorSpec;
import dev.jkeras.backend.tensorflow.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** The MetaGraph of a SavedModel directory read from its {@code saved_model.pb}, without loading it. */
public record TaggedMetaGraph(Path directory, String tag, MetaGraphDef metaGraph, Map<String, String> refused) {
  /**
   * The limits on a SavedModel imported into a jkeras model graph: that graph runs on the caller's
   * threads, whose default stack (1 MiB) TensorFlow's recursion along a chain of about 5,000 ops
   * overflows, so chains are held to 2,000 ops.
   */
  static final dev.jkeras.backend.SavedModelOptions IMPORTED_LIMITS =
      dev.jkeras.backend.SavedModelOptions.defaults().maxGraphDepth(2_000);

  /**
   * Reads the MetaGraph tagged {@code tag}, after the checks {@link SavedModelFile} makes, the
   * {@link OpScreen} and {@link GraphLimits} (a model imported into a jkeras graph gets no exemptions);
   * fails saying what is wrong. Signatures the screen refuses are kept in {@link #refused()} and cannot be used.
   */
  public static TaggedMetaGraph read(Path directory, String tag) {
    SavedModelFile file = SavedModelFile.read(directory);
    MetaGraphDef metaGraph = file.metaGraph(List.of(tag));
    OpScreen.check(metaGraph, java.util.Set.of(), file.directory());
    GraphLimits.check(metaGraph.getGraphDef(), IMPORTED_LIMITS, file.directory());
    return new TaggedMetaGraph(file.directory(), tag, metaGraph,
        Map.copyOf(OpScreen.refusedSignatures(metaGraph, java.util.Set.of(), file.directory())));
  }

  /** The callable signatures' names (TensorFlow's own entries such as {@code __saved_model_init_op} left out). */
  TreeSet<String> signatureNames() {
    TreeSet<String> names = new TreeSet<>(metaGraph.getSignatureDefMap().keySet());
    names.removeIf(n -> n.startsWith("__"));
    return names;
  }

  /** The definition of signature {@code name}; fails listing the signatures there are, or saying why the screen refused it. */
  public SignatureDef signature(String name) {
    if (refused.containsKey(name)) {
      throw new IllegalArgumentException("Signature '" + name + "' of the SavedModel in " + directory
          + " cannot be used: " + refused.get(name));
    }
    SignatureDef def = name.startsWith("__") ? null : metaGraph.getSignatureDefMap().get(name);
    if (def == null) {
      throw new IllegalArgumentException("The SavedModel in " + directory + " has no signature '" + name
          + "'. Signatures: " + signatureNames());
    }
    return def;
  }

  /** Signature {@code name} in jkeras's terms; a tensor of unknown rank has a null shape. */
  SignatureSpec spec(String name) {
    SignatureDef def = signature(name);
    return new SignatureSpec(name, def.getMethodName(), specs(def.getInputsMap()), specs(def.getOutputsMap()));
  }

  /**
   * The shapes of the variables signature {@code name} reads: the variable ops its outputs depend on
   * other than through its inputs, each once; unknown dimensions count as 0.
   */
  List<Shape> variableShapes(String name) {
    SignatureDef def = signature(name);
    Map<String, DataType> cuts = new TreeMap<>();
    def.getInputsMap().values().forEach(i -> cuts.put(TensorName.parse(i.getName()).node(), i.getDtype()));
    List<String> roots = def.getOutputsMap().values().stream().map(i -> TensorName.parse(i.getName()).node()).toList();
    List<Shape> shapes = new ArrayList<>();
    for (NodeDef node : GraphDefs.subgraph(metaGraph.getGraphDef(), roots, cuts, "").getNodeList()) {
      if (!cuts.containsKey(node.getName()) && ImportedVariable.of(node, "") != null) {
        TensorShapeProto shape = node.getAttrOrThrow("shape").getShape();
        shapes.add(shape.getUnknownRank() ? Shape.of(0)
            : Shape.of(shape.getDimList().stream().mapToLong(d -> Math.max(0, d.getSize())).toArray()));
      }
    }
    return shapes;
  }

  private static Map<String, TensorSpec> specs(Map<String, TensorInfo> infos) {
    Map<String, TensorSpec> specs = new TreeMap<>();
    infos.forEach((name, info) -> specs.put(name, new TensorSpec(name, dtype(info.getDtype()), shape(info))));
    return specs;
  }

  static DType dtype(DataType type) {
    DType dtype = Tensors.dtypeOf(type);
    if (dtype == null) {
      throw new IllegalArgumentException("jkeras does not support SavedModel tensors of type " + type);
    }
    return dtype;
  }

  /** The shape a signature declares ({@link Shape#UNKNOWN} for free sizes), or null when its rank is unknown. */
  static Shape shape(TensorInfo info) {
    TensorShapeProto proto = info.getTensorShape();
    if (!info.hasTensorShape() || proto.getUnknownRank()) {
      return null;
    }
    return Shape.of(proto.getDimList().stream().mapToLong(d -> d.getSize() < 0 ? Shape.UNKNOWN : d.getSize()).toArray());
  }
}
