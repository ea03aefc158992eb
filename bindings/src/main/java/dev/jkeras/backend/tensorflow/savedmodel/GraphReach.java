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
import org.tensorflow.proto.GradientDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;

/**
 * What one run of a SavedModel's graph executes: the graph nodes its roots need through data and
 * control inputs and, for every function one of those calls (a node named after the function, a
 * {@code func} or {@code list(func)} attr such as {@code PartitionedCall}'s {@code f}, {@code If}'s
 * branches or a dataset's map function), every node of that function, because TensorFlow runs
 * every stateful op of a function body whether its outputs are used or not. A {@code func} attr
 * naming a registered op rather than a library function counts as that op. A called function brings
 * its registered gradient and the functions with the same {@code api_implements}, which TensorFlow
 * may run in its place.
 *
 * <p>For an input of a node that runs, it tells where the value comes from ({@link #source}): a tensor
 * the run feeds, a constant, or something computed, following {@code Identity} and function arguments
 * bound at their call sites.
 */
final class GraphReach {
  /** Distinct argument bindings analysed per function before its arguments count as computed. */
  private static final int BINDINGS_PER_FUNCTION = 16;
  private static final int MAX_CHAIN = 10_000;
  private static final Set<String> PASS_THROUGH = Set.of("Identity", "PlaceholderWithDefault", "Snapshot");
  private static final Set<String> CALLS = Set.of("PartitionedCall", "StatefulPartitionedCall");
  private static final Set<String> CONDITIONALS = Set.of("If", "StatelessIf", "Case", "StatelessCase");
  private static final Set<String> BRANCHES = Set.of("then_branch", "else_branch", "branches");

  /** Where a tensor's value comes from. */
  sealed interface Source {
    /** A tensor the run feeds, described by {@code what}. */
    record Fed(Object key, String what) implements Source {}

    /** A constant string. */
    record Constant(String value) implements Source {}

    /** Anything else, described by {@code what}. */
    record Computed(String what) implements Source {}
  }

  /** A node that runs, in the graph or in one call of a function. */
  record Reached(NodeDef node, Scope scope) {
    String op() {
      return node.getOp();
    }

    String where() {
      return scope.where(node);
    }
  }

  /** The graph, a call of a library function with its arguments' sources, or a func attr naming an op. */
  record Scope(FunctionDef function, List<Source> arguments, String via) {
    boolean isGraph() {
      return function == null && via == null;
    }

    String where(NodeDef node) {
      if (via != null) {
        return via;
      }
      return function == null ? "graph node '" + node.getName() + "'"
          : "function '" + function.getSignature().getName() + "' node '" + node.getName() + "'";
    }
  }

  private static final Scope GRAPH = new Scope(null, List.of(), null);

  private final Map<String, NodeDef> graphNodes = new HashMap<>();
  private final Map<String, FunctionDef> functions = new HashMap<>();
  private final Map<String, String> gradients = new HashMap<>();
  private final Map<String, Map<String, NodeDef>> functionNodes = new HashMap<>();
  private final Map<String, List<String>> implementations = new HashMap<>();
  private final Map<String, Source> feeds;
  private final List<Reached> reached = new ArrayList<>();
  private final Deque<Reached> toVisit = new ArrayDeque<>();
  private final Deque<String[]> related = new ArrayDeque<>();
  private final Map<String, Integer> instances = new HashMap<>();
  private final Set<List<Object>> entered = new HashSet<>();

  private GraphReach(GraphDef graph, Map<String, Source> feeds) {
    graph.getNodeList().forEach(n -> graphNodes.put(n.getName(), n));
    for (FunctionDef function : graph.getLibrary().getFunctionList()) {
      functions.put(function.getSignature().getName(), function);
      String implemented = implemented(function);
      if (implemented != null) {
        implementations.computeIfAbsent(implemented, k -> new ArrayList<>()).add(function.getSignature().getName());
      }
    }
    for (GradientDef gradient : graph.getLibrary().getGradientList()) {
      gradients.put(gradient.getFunctionName(), gradient.getGradientFunc());
    }
    this.feeds = feeds;
  }

  /**
   * What a run fetching {@code roots} (node names) executes, {@code feeds} mapping tensor names
   * ({@code "node:index"}) to what the run feeds them with. Roots missing from the graph are skipped.
   */
  static GraphReach of(GraphDef graph, Collection<String> roots, Map<String, Source> feeds) {
    GraphReach reach = new GraphReach(graph, feeds);
    reach.walk(roots);
    return reach;
  }

  /** The nodes that run, each function call's nodes once per distinct binding of its arguments. */
  List<Reached> nodes() {
    return List.copyOf(reached);
  }

  /** What {@link #forEachFunctionAttr} calls with each function an attr names. */
  interface FunctionAttrAction {
    /** {@code attr} names {@code function}; {@code topLevel} when it is an attr of the node itself. */
    void accept(String attr, String function, boolean topLevel);
  }

  /** Calls {@code action} with each function a func or list(func) attr of {@code node} names, nested ones too. */
  static void forEachFunctionAttr(NodeDef node, FunctionAttrAction action) {
    node.getAttrMap().forEach((name, value) -> forEachFunction(name, value, true, action));
  }

  private static void forEachFunction(String attr, AttrValue value, boolean topLevel, FunctionAttrAction action) {
    List<NameAttrList> named = new ArrayList<>(value.getList().getFuncList());
    if (value.hasFunc()) {
      named.add(value.getFunc());
    }
    for (NameAttrList function : named) {
      action.accept(attr, function.getName(), topLevel);
      function.getAttrMap().forEach((inner, innerValue) -> forEachFunction(inner, innerValue, false, action));
    }
  }

  private void walk(Collection<String> roots) {
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      NodeDef node = graphNodes.get(name);
      if (node == null || !seen.add(name)) {
        continue;
      }
      toVisit.add(new Reached(node, GRAPH));
      node.getInputList().forEach(input -> pending.push(TensorName.nodeOfInput(input)));
    }
    while (!toVisit.isEmpty() || !related.isEmpty()) {
      if (toVisit.isEmpty()) {
        String[] call = related.pop();
        FunctionDef def = functions.get(call[0]);
        enter(call[0], computedArguments(def, "an argument of function '" + call[0] + "'"), call[1]);
        continue;
      }
      Reached visit = toVisit.pop();
      reached.add(visit);
      if (visit.scope().via() == null) {
        forEachCall(visit, this::enter);
      }
    }
  }

  /**
   * Queues the nodes of a call of {@code function}, once per distinct binding of its arguments; with
   * it, its registered gradient and the functions that implement the same {@code api_implements}
   * (TensorFlow's implementation selector may run one of those instead), their arguments computed.
   */
  private void enter(String function, List<Source> arguments, String via) {
    FunctionDef def = functions.get(function);
    if (def == null) {
      toVisit.push(new Reached(NodeDef.newBuilder().setName(function).setOp(function).build(),
          new Scope(null, List.of(), via)));
      return;
    }
    List<Source> bound = instances.getOrDefault(function, 0) < BINDINGS_PER_FUNCTION ? arguments
        : computedArguments(def, "an argument of function '" + function + "'");
    if (!entered.add(List.of(function, bound))) {
      return;
    }
    instances.merge(function, 1, Integer::sum);
    Scope scope = new Scope(def, bound, null);
    def.getNodeDefList().forEach(n -> toVisit.push(new Reached(n, scope)));
    List<String> others = new ArrayList<>(implementations.getOrDefault(implemented(def), List.of()));
    others.add(gradients.get(function));
    for (String other : others) {
      if (other != null && functions.containsKey(other)) {
        related.push(new String[] {other, via});
      }
    }
  }

  private static String implemented(FunctionDef function) {
    AttrValue implemented = function.getAttrMap().get("api_implements");
    return implemented == null || implemented.getS().isEmpty() ? null : implemented.getS().toStringUtf8();
  }

  private interface CallAction {
    void call(String function, List<Source> arguments, String via);
  }

  /** Each function {@code visit} calls, with its arguments' sources where the call binds them by position. */
  private void forEachCall(Reached visit, CallAction action) {
    NodeDef node = visit.node();
    String where = visit.where();
    if (functions.containsKey(node.getOp())) {
      action.call(node.getOp(), bind(visit, functions.get(node.getOp()), 0), where);
    }
    forEachFunctionAttr(node, (attr, name, topLevel) -> {
      String via = "func attr '" + attr + "' of " + where;
      FunctionDef def = functions.get(name);
      if (def == null) {
        action.call(name, List.of(), via);
      } else if (topLevel && CALLS.contains(node.getOp()) && attr.equals("f")) {
        action.call(name, bind(visit, def, 0), via);
      } else if (topLevel && CONDITIONALS.contains(node.getOp()) && BRANCHES.contains(attr)) {
        action.call(name, bind(visit, def, 1), via);
      } else {
        action.call(name, computedArguments(def, "an argument of function '" + name + "' called by " + via), via);
      }
    });
  }

  /** The sources of {@code function}'s arguments at the call {@code call}: its data inputs from {@code skip} on. */
  private List<Source> bind(Reached call, FunctionDef function, int skip) {
    OpDef signature = function.getSignature();
    List<String> inputs = call.node().getInputList().stream().filter(i -> !i.startsWith("^")).toList();
    boolean positional = signature.getInputArgList().stream()
        .allMatch(a -> a.getNumberAttr().isEmpty() && a.getTypeListAttr().isEmpty());
    if (!positional || inputs.size() - skip != signature.getInputArgCount()) {
      return computedArguments(function, "an argument of function '" + signature.getName() + "' called by "
          + call.where());
    }
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < signature.getInputArgCount(); i++) {
      sources.add(source(call, inputs.get(skip + i)));
    }
    return List.copyOf(sources);
  }

  private static List<Source> computedArguments(FunctionDef function, String what) {
    List<Source> sources = new ArrayList<>();
    function.getSignature().getInputArgList().forEach(a -> sources.add(new Source.Computed(what)));
    return List.copyOf(sources);
  }

  /** Where data input {@code index} of {@code node} (counting data inputs only) comes from. */
  Source source(Reached node, int index) {
    if (node.scope().via() != null) {
      return new Source.Computed("an input of " + node.where());
    }
    List<String> inputs = node.node().getInputList().stream().filter(i -> !i.startsWith("^")).toList();
    if (index >= inputs.size()) {
      return new Source.Computed("a missing input of " + node.where());
    }
    return source(node, inputs.get(index));
  }

  /** Where the tensor {@code input} (as a NodeDef input of a node of {@code from}'s scope) comes from. */
  private Source source(Reached from, String input) {
    Scope scope = from.scope();
    String tensor = input;
    for (int step = 0; step < MAX_CHAIN; step++) {
      NodeDef node;
      if (scope.isGraph()) {
        TensorName name = TensorName.parse(tensor);
        Source fed = feeds.get(name.toString());
        if (fed != null) {
          return fed;
        }
        node = graphNodes.get(name.node());
      } else {
        int colon = tensor.indexOf(':');
        if (colon < 0) {
          int argument = argumentIndex(scope.function(), tensor);
          if (argument >= 0) {
            return scope.arguments().get(argument);
          }
        }
        node = functionNodes(scope.function()).get(colon < 0 ? tensor : tensor.substring(0, colon));
      }
      if (node == null) {
        return new Source.Computed("the missing tensor '" + tensor + "'");
      }
      String first = node.getInputCount() > 0 ? node.getInput(0) : "";
      if (PASS_THROUGH.contains(node.getOp()) && !first.isEmpty() && !first.startsWith("^")) {
        tensor = first;
        continue;
      }
      if (node.getOp().equals("Const")) {
        return constant(node, scope);
      }
      return new Source.Computed("the output of " + node.getOp() + " at " + scope.where(node));
    }
    return new Source.Computed("a chain of more than " + MAX_CHAIN + " Identity ops");
  }

  private static Source constant(NodeDef node, Scope scope) {
    TensorProto value = node.getAttrOrDefault("value", AttrValue.getDefaultInstance()).getTensor();
    if (value.getDtype() == DataType.DT_STRING && value.getStringValCount() == 1
        && value.getTensorShape().getDimCount() == 0) {
      return new Source.Constant(value.getStringVal(0).toStringUtf8());
    }
    return new Source.Computed("the constant at " + scope.where(node) + ", which is not one string");
  }

  private static int argumentIndex(FunctionDef function, String name) {
    List<OpDef.ArgDef> arguments = function.getSignature().getInputArgList();
    for (int i = 0; i < arguments.size(); i++) {
      if (arguments.get(i).getName().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private Map<String, NodeDef> functionNodes(FunctionDef function) {
    return functionNodes.computeIfAbsent(function.getSignature().getName(), name -> {
      Map<String, NodeDef> nodes = new HashMap<>();
      function.getNodeDefList().forEach(n -> nodes.put(n.getName(), n));
      return nodes;
    });
  }
}
