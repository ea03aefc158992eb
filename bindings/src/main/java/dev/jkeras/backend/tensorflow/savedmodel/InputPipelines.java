package dev.jkeras.backend.tensorflow.savedmodel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Drops the input pipelines of a model graph from the GraphDef a SavedModel stores: the tf.data
 * datasets and iterators that {@code fit(dataset)} built into the graph, everything that reads from
 * them (the traced train and test steps), and the library functions only they call (a map function,
 * an interleave function that opens files). A served model takes its inputs from its signature; it
 * must not carry a pipeline that reads the training files.
 */
final class InputPipelines {
  private InputPipelines() {}

  /** Whether {@code op} is a dataset or an iterator op, where a pipeline starts. */
  static boolean isPipelineOp(String op) {
    return op.endsWith("Dataset") || op.matches(".*DatasetV\\d+") || op.startsWith("Iterator")
        || op.equals("MakeIterator") || op.equals("AnonymousIteratorV2") || op.equals("AnonymousIteratorV3");
  }

  /** {@code graph} without its input pipelines and what depends on them; unchanged when it has none. */
  static GraphDef strip(GraphDef graph) {
    Map<String, List<String>> consumers = new HashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    for (NodeDef node : graph.getNodeList()) {
      for (String input : node.getInputList()) {
        consumers.computeIfAbsent(TensorName.nodeOfInput(input), k -> new java.util.ArrayList<>()).add(node.getName());
      }
      if (isPipelineOp(node.getOp())) {
        pending.push(node.getName());
      }
    }
    if (pending.isEmpty()) {
      return graph;
    }
    Set<String> dropped = new HashSet<>();
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (dropped.add(name)) {
        consumers.getOrDefault(name, List.of()).forEach(pending::push);
      }
    }
    GraphDef.Builder result = graph.toBuilder().clearNode();
    graph.getNodeList().stream().filter(n -> !dropped.contains(n.getName())).forEach(result::addNode);
    return withCalledFunctions(result);
  }

  /** Keeps only the library functions the remaining nodes call, directly or through other functions. */
  private static GraphDef withCalledFunctions(GraphDef.Builder graph) {
    Map<String, FunctionDef> library = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    Set<String> called = new HashSet<>();
    Deque<NodeDef> nodes = new ArrayDeque<>(graph.getNodeList());
    while (!nodes.isEmpty()) {
      NodeDef node = nodes.pop();
      Set<String> names = new HashSet<>();
      names.add(node.getOp());
      for (AttrValue value : node.getAttrMap().values()) {
        if (value.hasFunc()) {
          names.add(value.getFunc().getName());
        }
        value.getList().getFuncList().forEach(f -> names.add(f.getName()));
      }
      for (String name : names) {
        FunctionDef function = library.get(name);
        if (function != null && called.add(name)) {
          nodes.addAll(function.getNodeDefList());
        }
      }
    }
    var kept = graph.getLibrary().toBuilder().clearFunction().clearGradient();
    graph.getLibrary().getFunctionList().stream().filter(f -> called.contains(f.getSignature().getName()))
        .forEach(kept::addFunction);
    graph.getLibrary().getGradientList().stream().filter(g -> called.contains(g.getFunctionName()))
        .forEach(kept::addGradient);
    return graph.setLibrary(kept).build();
  }
}
