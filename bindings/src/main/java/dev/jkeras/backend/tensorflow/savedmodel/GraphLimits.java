package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.SavedModelOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The shape and size screen of SavedModel import, run before TensorFlow sees a graph, next to the
 * {@link OpScreen}: TensorFlow's importer and runtime recurse along function calls and along chains of
 * dependent ops, and allocate what constants declare, so a hostile graph could crash the process or
 * exhaust its memory. This refuses graphs whose functions call themselves (directly or through
 * others), whose longest chain of dependent ops (function calls counted as their bodies) or function
 * nesting is too deep, that have too many nodes, or whose constants and variables declare more bytes
 * than {@link SavedModelOptions#memoryLimit()}, or whose constants' contents do not match their
 * shapes. {@link #checkInferredShapes} bounds the outputs whose shapes TensorFlow infers at import.
 */
final class GraphLimits {
  /** The most nodes a graph and its functions may have together. */
  static final int MAX_NODES = 2_000_000;
  /**
   * The deepest nesting of function calls (a call inside a function called from a function ...):
   * TensorFlow inlines them at the first run in time that grows faster than the nesting (measured: 100
   * levels 2 s, 300 levels 8 s, 1,000 levels over 60 s); SavedModels of Keras nest fewer than 10.
   */
  static final int MAX_CALL_NESTING = 100;

  private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");
  private static final Set<String> CONSTANT_OPS = Set.of("Const", "HostConst");
  private static final Set<String> LOOP_BACK_EDGES = Set.of("NextIteration", "RefNextIteration");

  private final GraphDef graph;
  private final SavedModelOptions options;
  private final Path directory;
  private final Map<String, FunctionDef> functions = new HashMap<>();
  private long declaredBytes;

  private GraphLimits(GraphDef graph, SavedModelOptions options, Path directory) {
    this.graph = graph;
    this.options = options;
    this.directory = directory;
    graph.getLibrary().getFunctionList().forEach(f -> functions.put(f.getSignature().getName(), f));
  }

  /** Fails, saying which limit {@code graph} exceeds where and which option raises it, when it exceeds one. */
  static void check(GraphDef graph, SavedModelOptions options, Path directory) {
    new GraphLimits(graph, options, directory).check();
  }

  private void check() {
    long nodes = graph.getNodeCount();
    for (FunctionDef function : functions.values()) {
      nodes += function.getNodeDefCount();
    }
    if (nodes > MAX_NODES) {
      throw refuse("it has " + nodes + " nodes (graph and functions), more than jkeras imports (" + MAX_NODES + ")",
          "");
    }
    List<String> order = callOrder();
    Map<String, Long> depths = new HashMap<>();
    Map<String, Integer> nesting = new HashMap<>();
    for (String name : order) {
      FunctionDef function = functions.get(name);
      int level = 1;
      for (String callee : callees(function.getNodeDefList())) {
        level = Math.max(level, 1 + nesting.getOrDefault(callee, 0));
      }
      if (level > MAX_CALL_NESTING) {
        throw refuse("its functions nest " + level + " calls deep at function '" + name + "', deeper than "
            + MAX_CALL_NESTING, "");
      }
      nesting.put(name, level);
      depths.put(name, longestChain(function.getNodeDefList(), depths, "function '" + name + "'"));
    }
    longestChain(graph.getNodeList(), depths, "the graph");
    graph.getNodeList().forEach(node -> checkSizes(node, "graph node '" + node.getName() + "'"));
    for (FunctionDef function : functions.values()) {
      String name = function.getSignature().getName();
      function.getNodeDefList().forEach(node -> checkSizes(node, "function '" + name + "' node '" + node.getName()
          + "'"));
    }
  }

  /** The functions in an order where each comes after the functions it calls; fails on a call cycle. */
  private List<String> callOrder() {
    List<String> order = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>(); // 1: on the path being explored, 2: done
    for (String root : functions.keySet()) {
      if (state.containsKey(root)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<java.util.Iterator<String>> pending = new ArrayDeque<>();
      path.push(root);
      pending.push(callees(functions.get(root).getNodeDefList()).iterator());
      state.put(root, 1);
      while (!path.isEmpty()) {
        java.util.Iterator<String> next = pending.peek();
        if (next.hasNext()) {
          String callee = next.next();
          Integer seen = state.get(callee);
          if (seen == null) {
            state.put(callee, 1);
            path.push(callee);
            pending.push(callees(functions.get(callee).getNodeDefList()).iterator());
          } else if (seen == 1) {
            throw refuse("function '" + callee + "' calls itself (" + cycle(path, callee)
                + "), which TensorFlow's importer would follow until the process crashes", "");
          }
        } else {
          state.put(path.peek(), 2);
          order.add(path.pop());
          pending.pop();
        }
      }
    }
    return order;
  }

  private static String cycle(Deque<String> path, String start) {
    List<String> names = new ArrayList<>();
    for (java.util.Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
      String name = it.next();
      if (name.equals(start) || !names.isEmpty()) {
        names.add(name);
      }
    }
    names.add(start);
    return String.join(" -> ", names);
  }

  /** The functions of the library that {@code nodes} call, by op name or through function-valued attrs. */
  private Set<String> callees(List<NodeDef> nodes) {
    Set<String> callees = new LinkedHashSet<>();
    for (NodeDef node : nodes) {
      calleesOf(node, callees);
    }
    return callees;
  }

  private void calleesOf(NodeDef node, Set<String> into) {
    if (functions.containsKey(node.getOp())) {
      into.add(node.getOp());
    }
    for (AttrValue value : node.getAttrMap().values()) {
      if (value.hasFunc() && functions.containsKey(value.getFunc().getName())) {
        into.add(value.getFunc().getName());
      }
      value.getList().getFuncList().forEach(f -> {
        if (functions.containsKey(f.getName())) {
          into.add(f.getName());
        }
      });
    }
  }

  /**
   * The longest chain of dependent ops among {@code nodes} (data and control inputs), a call counted
   * as the longest chain of its callee; loops' back edges ({@code NextIteration}) are not followed.
   */
  private long longestChain(List<NodeDef> nodes, Map<String, Long> functionDepths, String where) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.putIfAbsent(nodes.get(i).getName(), i);
    }
    int n = nodes.size();
    int[] pendingInputs = new int[n];
    List<List<Integer>> consumers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      consumers.add(new ArrayList<>(1));
    }
    for (int i = 0; i < n; i++) {
      for (String input : nodes.get(i).getInputList()) {
        Integer source = index.get(producer(input));
        if (source != null && !LOOP_BACK_EDGES.contains(nodes.get(source).getOp())) {
          consumers.get(source).add(i);
          pendingInputs[i]++;
        }
      }
    }
    long[] depth = new long[n];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (pendingInputs[i] == 0) {
        ready.add(i);
      }
    }
    long longest = 0;
    int done = 0;
    while (!ready.isEmpty()) {
      int i = ready.poll();
      done++;
      Set<String> called = new LinkedHashSet<>();
      calleesOf(nodes.get(i), called);
      long weight = 1;
      for (String callee : called) {
        weight = Math.max(weight, 1 + functionDepths.getOrDefault(callee, 0L));
      }
      depth[i] += weight;
      longest = Math.max(longest, depth[i]);
      if (longest > options.maxGraphDepth()) {
        throw refuse(where + " has a chain of " + longest + "+ dependent ops (functions inlined) at node '"
            + nodes.get(i).getName() + "', longer than the limit of " + options.maxGraphDepth(),
            " If you trust this model, load it with SavedModelOptions.defaults().maxGraphDepth(...) (at most "
            + SavedModelOptions.MAX_GRAPH_DEPTH + ")");
      }
      for (int consumer : consumers.get(i)) {
        depth[consumer] = Math.max(depth[consumer], depth[i]);
        if (--pendingInputs[consumer] == 0) {
          ready.add(consumer);
        }
      }
    }
    if (done < n) {
      String stuck = "";
      for (int i = 0; i < n; i++) {
        if (pendingInputs[i] > 0) {
          stuck = nodes.get(i).getName();
          break;
        }
      }
      throw refuse(where + " has a cycle of inputs through node '" + stuck + "' that is not a loop's back edge"
          + " (NextIteration)", "");
    }
    return longest;
  }

  /** The node an input names: {@code ^node}, {@code node}, {@code node:0} or, in a function, {@code node:out:0}. */
  private static String producer(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  private void checkSizes(NodeDef node, String where) {
    if (CONSTANT_OPS.contains(node.getOp()) && node.getAttrOrDefault("value", null) != null) {
      TensorProto value = node.getAttrOrThrow("value").getTensor();
      long elements = elements(value.getTensorShape(), where);
      long bytes = bytes(value.getDtype(), elements);
      if (value.getDtype() == DataType.DT_STRING) {
        bytes = value.getStringValList().stream().mapToLong(s -> s.size() + 8L).sum();
      }
      int itemSize = itemSize(value.getDtype());
      if (!value.getTensorContent().isEmpty() && itemSize > 0 && value.getTensorContent().size() != bytes) {
        throw refuse("constant " + where + " is corrupt: its shape " + dims(value.getTensorShape()) + " of "
            + name(value.getDtype()) + " needs " + bytes + " bytes, but its content has "
            + value.getTensorContent().size() + ". Export the model again", "");
      }
      declare(bytes, "constant " + where + " declares a " + name(value.getDtype()) + " tensor of shape "
          + dims(value.getTensorShape()));
    } else if (VARIABLE_OPS.contains(node.getOp()) && node.containsAttr("shape") && node.containsAttr("dtype")) {
      TensorShapeProto shape = node.getAttrOrThrow("shape").getShape();
      if (!shape.getUnknownRank() && shape.getDimList().stream().allMatch(d -> d.getSize() >= 0)) {
        DataType dtype = node.getAttrOrThrow("dtype").getType();
        declare(bytes(dtype, elements(shape, where)), "variable " + where + " declares a " + name(dtype)
            + " tensor of shape " + dims(shape));
      }
    }
  }

  private void declare(long bytes, String what) {
    if (bytes > options.memoryLimit()) {
      throw refuse(what + ", " + Bytes.describe(bytes) + ", above the memory limit of "
          + Bytes.describe(options.memoryLimit()), raiseLimit());
    }
    declaredBytes = saturatedAdd(declaredBytes, bytes);
    if (declaredBytes > options.memoryLimit()) {
      throw refuse("its constants and variables declare more than the memory limit of "
          + Bytes.describe(options.memoryLimit()) + " together (reached at " + what + ")", raiseLimit());
    }
  }

  private static String raiseLimit() {
    return " If you trust this model and have the memory, load it with SavedModelOptions.defaults()"
        + ".memoryLimit(bytes)";
  }

  private IllegalArgumentException refuse(String why, String advice) {
    return new IllegalArgumentException("Refusing to load the SavedModel in " + directory + ": " + why + "."
        + advice);
  }

  /**
   * Fails when an op output of {@code imported} (the graph TensorFlow imported, which inferred the
   * static shapes, e.g. of a {@code Fill} with constant dimensions) is known to need more than {@code
   * memoryLimit} bytes; unknown dimensions count as 1.
   */
  static void checkInferredShapes(Graph imported, long memoryLimit, Path directory) {
    for (java.util.Iterator<GraphOperation> it = imported.operations(); it.hasNext(); ) {
      Operation op = it.next();
      for (int i = 0; i < op.numOutputs(); i++) {
        Output<?> output = op.output(i);
        org.tensorflow.ndarray.Shape shape = output.shape();
        int itemSize = itemSize(output.dataType());
        if (shape.isUnknown() || itemSize == 0) {
          continue;
        }
        long bytes = itemSize;
        for (long dim : shape.asArray()) {
          bytes = dim < 0 ? bytes : saturatedMultiply(bytes, dim);
        }
        if (bytes > memoryLimit) {
          throw new IllegalArgumentException("Refusing to load the SavedModel in " + directory + ": op '"
              + op.name() + "' (" + op.type() + ") makes a " + name(output.dataType()) + " tensor of shape " + shape
              + ", " + Bytes.describe(bytes) + ", above the memory limit of " + Bytes.describe(memoryLimit) + "."
              + raiseLimit());
        }
      }
    }
  }

  private long elements(TensorShapeProto shape, String where) {
    long elements = 1;
    for (TensorShapeProto.Dim dim : shape.getDimList()) {
      if (dim.getSize() < 0) {
        throw refuse(where + " declares a tensor of shape " + dims(shape) + ", with a negative dimension", "");
      }
      elements = saturatedMultiply(elements, dim.getSize());
    }
    return elements;
  }

  private static long bytes(DataType dtype, long elements) {
    return saturatedMultiply(elements, Math.max(1, itemSize(dtype)));
  }

  private static String dims(TensorShapeProto shape) {
    return shape.getUnknownRank() ? "<unknown>" : shape.getDimList().stream().map(d -> Long.toString(d.getSize()))
        .toList().toString();
  }

  private static String name(DataType dtype) {
    return dtype.name().replace("DT_", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** The bytes of one element of {@code dtype}, or 0 when it has no fixed size (strings, resources, variants). */
  static int itemSize(DataType dtype) {
    return switch (dtype) {
      case DT_BOOL, DT_INT8, DT_UINT8, DT_QINT8, DT_QUINT8 -> 1;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16, DT_QINT16, DT_QUINT16 -> 2;
      case DT_FLOAT, DT_INT32, DT_UINT32, DT_QINT32 -> 4;
      case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
      case DT_COMPLEX128 -> 16;
      default -> 0;
    };
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long product = a * b;
    return high != 0 || product < 0 ? Long.MAX_VALUE : product;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** Byte counts for people. */
  static final class Bytes {
    private Bytes() {}

    static String describe(long bytes) {
      if (bytes == Long.MAX_VALUE) {
        return "more than 9 EiB";
      }
      String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
      double value = bytes;
      int unit = 0;
      while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
      }
      return unit == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
  }
}
