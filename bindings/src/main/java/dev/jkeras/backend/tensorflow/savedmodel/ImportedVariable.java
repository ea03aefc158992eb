package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.tensorflow.Tensors;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TBool;

/**
 * A variable of a SavedModel imported into a model graph ({@link ImportedSavedModel}): the op that
 * holds it, its dtype, and whether it is a resource variable ({@code VarHandleOp}, TF2) or a TF1
 * reference variable ({@code VariableV2}). {@link SavedModelWriter} reads, saves and restores it
 * beside jkeras's own variables when a model holding a TFSMLayer is exported.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public record ImportedVariable(String opName, DataType dtype, boolean resource) {
  private static final Set<String> REFERENCE_OPS = Set.of("VariableV2", "Variable");
  private static final String RESOURCE_OP = "VarHandleOp";

  /** The variable {@code node} defines once imported under {@code prefix}, or null when it defines none. */
  static ImportedVariable of(NodeDef node, String prefix) {
    boolean resource = node.getOp().equals(RESOURCE_OP);
    if (!resource && !REFERENCE_OPS.contains(node.getOp())) {
      return null;
    }
    return new ImportedVariable(prefix + "/" + node.getName(), node.getAttrOrThrow("dtype").getType(), resource);
  }

  /** The key of its value in an exported checkpoint: its op name, unique in the graph. */
  String checkpointKey() {
    return opName;
  }

  private Operand ref(Graph graph) {
    return graph.operationOrThrow(opName).output(0);
  }

  /** Whether it holds a value (restored or initialized) in the session. */
  Operand<TBool> isInitialized(Ops tf, Graph graph) {
    return resource ? tf.varIsInitializedOp(ref(graph)) : tf.isVariableInitialized(ref(graph));
  }

  /** Its current value. */
  Operand read(Ops tf, Graph graph) {
    return resource
        ? tf.readVariableOp(ref(graph), Tensors.typeOf(TaggedMetaGraph.dtype(dtype)))
        : tf.identity(ref(graph));
  }

  /** Sets it to {@code value}: {@code AssignVariableOp} for a resource variable, {@code Assign} for a reference one. */
  Op assign(Ops tf, Graph graph, Operand value) {
    return resource ? tf.assignVariableOp(ref(graph), value) : tf.assign(ref(graph), value);
  }
}
