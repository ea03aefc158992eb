package dev.jkeras.backend.tensorflow.savedmodel;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Rewrites of a SavedModel's GraphDef before it is imported into a model graph. */
final class GraphDefs {
  private GraphDefs() {}

  /**
   * The nodes {@code roots} need (their inputs, transitively), with the function library. Nodes in
   * {@code cuts} become placeholders of the given dtype (their inputs are not needed: the importer
   * maps them to tensors of the model graph). Devices and colocation constraints are dropped, and
   * each resource's {@code shared_name} becomes {@code sharedScope/name}, so every import of the
   * same SavedModel into one graph shares its variables, and no other import or variable does.
   */
  static GraphDef subgraph(GraphDef definition, Collection<String> roots, Map<String, DataType> cuts,
      String sharedScope) {
    Map<String, NodeDef> byName = new HashMap<>();
    definition.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> kept = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!kept.add(name)) {
        continue;
      }
      NodeDef node = byName.get(name);
      if (node == null) {
        throw new IllegalArgumentException("The SavedModel's graph has no node '" + name + "'");
      }
      if (!cuts.containsKey(name)) {
        node.getInputList().forEach(input -> pending.push(TensorName.nodeOfInput(input)));
      }
    }
    GraphDef.Builder result = definition.toBuilder().clearNode();
    for (NodeDef node : definition.getNodeList()) {
      if (kept.contains(node.getName())) {
        DataType cut = cuts.get(node.getName());
        result.addNode(cut != null ? placeholder(node.getName(), cut) : portable(node, sharedScope));
      }
    }
    return result.build();
  }

  private static NodeDef placeholder(String name, DataType dtype) {
    return NodeDef.newBuilder().setName(name).setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(dtype).build())
        .build();
  }

  private static NodeDef portable(NodeDef node, String sharedScope) {
    NodeDef.Builder builder = node.toBuilder().clearDevice().removeAttr("_class");
    AttrValue shared = node.getAttrMap().get("shared_name");
    if (shared != null) {
      String name = shared.getS().isEmpty() ? node.getName() : shared.getS().toStringUtf8();
      builder.putAttr("shared_name", AttrValue.newBuilder()
          .setS(com.google.protobuf.ByteString.copyFromUtf8(sharedScope + "/" + name)).build());
    }
    return builder.build();
  }
}
