package dev.jkeras.backend.tensorflow.savedmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Rewrites of a SavedModel's GraphDef: before it is imported into a model graph, and when one is written. */
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
    Set<String> kept = needed(definition, roots, cuts.keySet());
    GraphDef.Builder result = definition.toBuilder().clearNode();
    for (NodeDef node : definition.getNodeList()) {
      if (kept.contains(node.getName())) {
        DataType cut = cuts.get(node.getName());
        result.addNode(cut != null ? placeholder(node.getName(), cut) : portable(node, sharedScope));
      }
    }
    return result.build();
  }

  /**
   * Only what running {@code roots} needs: their nodes' inputs (data and control, transitively) and
   * the library functions those nodes call, directly or through other functions, with their
   * gradients. What else the graph holds (a training step, an input pipeline's datasets and map
   * functions) is left out.
   */
  static GraphDef pruned(GraphDef definition, Collection<String> roots) {
    Set<String> kept = needed(definition, roots, Set.of());
    GraphDef.Builder result = definition.toBuilder().clearNode();
    List<NodeDef> nodes = new ArrayList<>();
    for (NodeDef node : definition.getNodeList()) {
      if (kept.contains(node.getName())) {
        result.addNode(node);
        nodes.add(node);
      }
    }
    Map<String, FunctionDef> library = new HashMap<>();
    definition.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    Set<String> called = new HashSet<>();
    Deque<NodeDef> pending = new ArrayDeque<>(nodes);
    while (!pending.isEmpty()) {
      for (String callee : callees(pending.pop(), library.keySet())) {
        if (called.add(callee)) {
          pending.addAll(library.get(callee).getNodeDefList());
        }
      }
    }
    FunctionDefLibrary.Builder functions = FunctionDefLibrary.newBuilder();
    definition.getLibrary().getFunctionList().stream()
        .filter(f -> called.contains(f.getSignature().getName()))
        .forEach(functions::addFunction);
    definition.getLibrary().getGradientList().stream()
        .filter(g -> called.contains(g.getFunctionName()))
        .forEach(functions::addGradient);
    return result.setLibrary(functions).build();
  }

  /** The library functions {@code node} calls: as its op, or in a {@code func} or {@code list(func)} attr. */
  private static Set<String> callees(NodeDef node, Set<String> library) {
    Set<String> out = new HashSet<>();
    if (library.contains(node.getOp())) {
      out.add(node.getOp());
    }
    for (AttrValue value : node.getAttrMap().values()) {
      if (value.hasFunc()) {
        out.add(value.getFunc().getName());
      }
      value.getList().getFuncList().forEach(f -> out.add(f.getName()));
    }
    out.retainAll(library);
    return out;
  }

  private static Set<String> needed(GraphDef definition, Collection<String> roots, Set<String> cuts) {
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
      if (!cuts.contains(name)) {
        node.getInputList().forEach(input -> pending.push(TensorName.nodeOfInput(input)));
      }
    }
    return kept;
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
