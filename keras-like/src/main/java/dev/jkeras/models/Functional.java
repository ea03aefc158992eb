package dev.jkeras.models;

import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.layers.CallArguments;
import dev.jkeras.layers.Input;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Layers;
import dev.jkeras.layers.Node;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.Shapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layer graph of a Functional model: its inputs, outputs and the layer calls between them in
 * an order where every call comes after the calls it depends on. Replaying the calls on new input
 * tensors traces the model anew.
 */
final class Functional {
  private final List<KerasTensor> inputs;
  private final List<KerasTensor> outputs;
  private final List<Node.Call> calls = new ArrayList<>();
  private final List<Layer> layers;
  /** Whether the inputs were given as a dict (by the input names); Keras saves them so. */
  private final boolean inputsByName;
  /** The keys of outputs given as a dict, in output order (Keras's sorted order); null for a list. */
  private final List<String> outputKeys;

  Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    this(inputs, false, outputs, null);
  }

  /**
   * {@code inputsByName}: the inputs came as a dict keyed by their names; {@code outputKeys}: the
   * outputs came as a dict with these keys (one per output, in order), null for a list.
   */
  Functional(List<KerasTensor> inputs, boolean inputsByName, List<KerasTensor> outputs, List<String> outputKeys) {
    this.inputsByName = inputsByName;
    this.outputKeys = outputKeys == null ? null : List.copyOf(outputKeys);
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("A Functional model needs at least one input and one output");
    }
    Set<KerasTensor> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor input : inputs) {
      Node node = Node.of(input);
      if (node == null || !(node.call().layer() instanceof InputLayer)) {
        throw new IllegalArgumentException("Model inputs must be tensors made by Input.of(...), got " + input);
      }
      if (!distinct.add(input)) {
        throw new IllegalArgumentException("The input '" + node.call().layer().name() + "' is listed "
            + inputs.stream().filter(t -> t == input).count() + " times in the model's inputs, but an input takes "
            + "one array. List each Input once (make a second Input.of(...) for a second array).");
      }
    }
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    Set<Node.Call> inputCalls = new HashSet<>();
    inputs.forEach(t -> inputCalls.add(Node.of(t).call()));
    Set<Node.Call> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor output : outputs) {
      Node node = Node.of(output);
      if (node == null) {
        throw new IllegalArgumentException("Model output " + output + " was not produced by layers called on Inputs");
      }
      visit(node.call(), inputCalls, visited);
    }
    this.layers = kerasOrder(inputs, outputs);
    checkUniqueNames();
  }

  /**
   * The layers in Keras's order ({@code ops/function.py map_graph}): by decreasing depth (the
   * longest path to an output; a shared layer takes its deepest call's), and within one depth in
   * the order a depth-first walk from the outputs first meets them. Keras's {@code model.layers},
   * summary and legacy HDF5 weights (matched layer by layer) all follow this order.
   */
  private static List<Layer> kerasOrder(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    Set<Node.Call> inputCalls = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    inputs.forEach(t -> inputCalls.add(Node.of(t).call()));
    List<Node.Call> postOrder = new ArrayList<>();
    Map<Layer, Integer> firstSeen = new IdentityHashMap<>();
    Set<Node.Call> finished = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor output : outputs) {
      walk(Node.of(output).call(), inputCalls, finished, postOrder, firstSeen);
    }
    Map<Node.Call, Integer> callDepths = new IdentityHashMap<>();
    Map<Layer, Integer> layerDepths = new IdentityHashMap<>();
    for (int i = postOrder.size() - 1; i >= 0; i--) {
      Node.Call call = postOrder.get(i);
      int depth = Math.max(callDepths.getOrDefault(call, 0), layerDepths.getOrDefault(call.layer(), 0));
      layerDepths.put(call.layer(), depth);
      callDepths.put(call, depth);
      if (!inputCalls.contains(call)) {
        for (KerasTensor input : call.inputs()) {
          Node.Call parent = Node.of(input).call();
          if (finished.contains(parent)) {
            callDepths.merge(parent, depth + 1, Math::max);
          }
        }
      }
    }
    for (KerasTensor input : inputs) {
      Layer layer = Node.of(input).call().layer();
      if (!layerDepths.containsKey(layer)) {
        layerDepths.put(layer, 0);
        firstSeen.put(layer, -1);
      }
    }
    List<Layer> ordered = new ArrayList<>(layerDepths.keySet());
    ordered.sort(java.util.Comparator.comparingInt((Layer l) -> -layerDepths.get(l)).thenComparingInt(firstSeen::get));
    return List.copyOf(ordered);
  }

  private static void walk(Node.Call call, Set<Node.Call> inputCalls, Set<Node.Call> finished, List<Node.Call> postOrder,
      Map<Layer, Integer> firstSeen) {
    if (finished.contains(call)) {
      return;
    }
    firstSeen.putIfAbsent(call.layer(), firstSeen.size());
    if (!inputCalls.contains(call)) {
      for (KerasTensor input : call.inputs()) {
        walk(Node.of(input).call(), inputCalls, finished, postOrder, firstSeen);
      }
    }
    finished.add(call);
    postOrder.add(call);
  }

  private void visit(Node.Call call, Set<Node.Call> inputCalls, Set<Node.Call> visited) {
    if (!visited.add(call) || inputCalls.contains(call)) {
      return;
    }
    if (call.layer() instanceof InputLayer) {
      throw new IllegalArgumentException("Graph disconnected: the outputs depend on input '"
          + call.layer().name() + "', which is not among the model's inputs "
          + inputs.stream().map(t -> Node.of(t).call().layer().name()).toList()
          + ". Pass it in the inputs list.");
    }
    for (KerasTensor input : call.inputs()) {
      visit(Node.of(input).call(), inputCalls, visited);
    }
    calls.add(call);
  }

  private void checkUniqueNames() {
    Map<String, Layer> byName = new HashMap<>();
    for (Layer layer : layers) {
      Layer other = byName.put(layer.name(), layer);
      if (other != null && other != layer) {
        throw new IllegalArgumentException("The name \"" + layer.name() + "\" is used by 2 layers in the model. "
            + "All layer names should be unique.");
      }
    }
  }

  List<KerasTensor> inputs() {
    return inputs;
  }

  List<KerasTensor> outputs() {
    return outputs;
  }

  /** The keys of dict outputs, in output order; null when the outputs were given as a list. */
  List<String> outputKeys() {
    return outputKeys;
  }

  /** The construction graphs the model's symbolic tensors were traced in, each once. */
  List<ModelGraph> constructionGraphs() {
    Set<ModelGraph> graphs = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    inputs.forEach(t -> graphs.add(Node.of(t).call().graph()));
    calls.forEach(call -> graphs.add(call.graph()));
    graphs.remove(null);
    return List.copyOf(graphs);
  }

  /** The model's layers, without its operation nodes (as Keras's {@code model.layers}). */
  List<Layer> layers() {
    return layers.stream().filter(layer -> !(layer instanceof OperationNode)).toList();
  }

  /** The layers whose outputs feed {@code layer} in this model, for the summary's "Connected to". */
  List<String> inboundOf(Layer layer) {
    List<String> inbound = new ArrayList<>();
    for (Node.Call call : calls) {
      if (call.layer() == layer) {
        for (KerasTensor input : call.inputs()) {
          Node node = Node.of(input);
          inbound.add(node.call().layer().name() + "[0][" + node.outputIndex() + "]");
        }
      }
    }
    return inbound;
  }

  /** The model's outputs for {@code values} of its inputs: every call replayed in order. */
  List<KerasTensor> replay(List<KerasTensor> values, boolean training) {
    if (values.size() != inputs.size()) {
      throw new IllegalArgumentException("The model expects " + inputs.size() + " inputs but received "
          + values.size());
    }
    Map<Node, KerasTensor> computed = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      computed.put(Node.of(inputs.get(i)), values.get(i));
    }
    for (Node.Call call : calls) {
      List<KerasTensor> arguments = call.inputs().stream().map(t -> computed.get(Node.of(t))).toList();
      List<KerasTensor> results = call.layer().applyAll(arguments, training, call.arguments());
      for (int i = 0; i < results.size(); i++) {
        computed.put(new Node(call, i), results.get(i));
      }
    }
    return outputs.stream().map(t -> computed.get(Node.of(t))).toList();
  }

  // ------------------------------------------------------------------ config

  /** Keras's Functional config entries: every layer with its inbound nodes, and the input and output layers. */
  void writeConfig(Map<String, Object> config) {
    Map<Node.Call, Integer> nodeIndex = new IdentityHashMap<>();
    Map<Layer, Integer> callCounts = new IdentityHashMap<>();
    inputs.forEach(t -> nodeIndex.put(Node.of(t).call(), 0));
    for (Node.Call call : calls) {
      nodeIndex.put(call, callCounts.merge(call.layer(), 1, Integer::sum) - 1);
    }
    List<Map<String, Object>> layerConfigs = new ArrayList<>();
    for (Layer layer : layers) {
      OperationNode operation = layer instanceof OperationNode op ? op : null;
      Map<String, Object> entry = operation != null ? operation.serialized() : Layers.serialize(layer);
      entry.put("name", layer.name());
      List<Object> inbound = new ArrayList<>();
      for (Node.Call call : calls) {
        if (call.layer() == layer) {
          List<Object> tensors = call.inputs().stream().<Object>map(t -> kerasTensor(t, nodeIndex)).toList();
          Map<String, Object> node = new LinkedHashMap<>();
          CallArguments arguments = call.arguments();
          if (operation == null && !arguments.plain()) {
            List<Object> positional = tensors.subList(0, arguments.positional());
            node.put("args", arguments.separate() || positional.size() == 1 ? positional : List.of(positional));
            Map<String, Object> kwargs = new LinkedHashMap<>();
            for (int i = 0; i < arguments.tensorKeywords().size(); i++) {
              kwargs.put(arguments.tensorKeywords().get(i), tensors.get(arguments.positional() + i));
            }
            kwargs.putAll(arguments.options());
            node.put("kwargs", kwargs);
          } else {
            node.put("args", operation != null ? operation.savedArgs(call.inputs(), t -> kerasTensor(t, nodeIndex))
                : tensors.size() == 1 ? tensors : List.of(tensors));
            node.put("kwargs", Map.of());
          }
          inbound.add(node);
        }
      }
      entry.put("inbound_nodes", inbound);
      layerConfigs.add(entry);
    }
    config.put("layers", layerConfigs);
    if (inputsByName) {
      Map<String, Object> byName = new LinkedHashMap<>();
      inputs.forEach(t -> byName.put(Node.of(t).call().layer().name(), history(t, nodeIndex)));
      config.put("input_layers", byName);
    } else {
      config.put("input_layers", inputs.stream().map(t -> history(t, nodeIndex)).toList());
    }
    if (outputKeys != null) {
      Map<String, Object> byKey = new LinkedHashMap<>();
      for (int i = 0; i < outputs.size(); i++) {
        byKey.put(outputKeys.get(i), history(outputs.get(i), nodeIndex));
      }
      config.put("output_layers", byKey);
    } else {
      config.put("output_layers", outputs.stream().map(t -> history(t, nodeIndex)).toList());
    }
  }

  private static Map<String, Object> kerasTensor(KerasTensor tensor, Map<Node.Call, Integer> nodeIndex) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("shape", Shapes.toJson(tensor.shape()));
    config.put("dtype", tensor.dtype().toString());
    config.put("keras_history", history(tensor, nodeIndex));
    Map<String, Object> serialized = new LinkedHashMap<>();
    serialized.put("class_name", "__keras_tensor__");
    serialized.put("config", config);
    return serialized;
  }

  private static List<Object> history(KerasTensor tensor, Map<Node.Call, Integer> nodeIndex) {
    Node node = Node.of(tensor);
    return List.of(node.call().layer().name(), nodeIndex.get(node.call()), node.outputIndex());
  }

  /**
   * Rebuilds the layers of a saved Functional config and calls them as recorded; returns the
   * model's inputs and outputs (lists, or dicts as Keras saves dict inputs and outputs).
   */
  static Ends rebuild(Config config) {
    Map<String, List<List<KerasTensor>>> outputsByLayer = new HashMap<>();
    List<Object[]> pending = new ArrayList<>();
    for (Object entry : listOf(config.get("layers"), "layers")) {
      Map<?, ?> layerEntry = (Map<?, ?>) entry;
      String name = String.valueOf(layerEntry.get("name"));
      List<?> inbound = listOf(layerEntry.get("inbound_nodes"), "inbound_nodes of " + name);
      Layer layer = KerasOperations.isOperationModule(layerEntry.get("module"))
          ? operationNode(layerEntry, inbound) : Layers.deserialize(layerEntry);
      if (layer instanceof InputLayer input) {
        KerasTensor tensor = Input.of(input.dtype(), dims(input.builtInputShape())).name(input.name());
        outputsByLayer.computeIfAbsent(name, k -> new ArrayList<>()).add(List.of(tensor));
        continue;
      }
      for (Object node : inbound) {
        pending.add(new Object[] {name, layer, node});
      }
    }
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        Object[] item = it.next();
        List<KerasTensor> arguments = arguments((Map<?, ?>) item[2], outputsByLayer);
        if (arguments == null) {
          continue;
        }
        Layer layer = (Layer) item[1];
        List<KerasTensor> all = new ArrayList<>(arguments);
        CallArguments callArguments = callArguments((Map<?, ?>) item[2], outputsByLayer, all);
        if (all.contains(null)) {
          continue;
        }
        outputsByLayer.computeIfAbsent((String) item[0], k -> new ArrayList<>())
            .add(callArguments == null ? layer.applyAll(all, false) : layer.applyAll(all, false, callArguments));
        it.remove();
        progress = true;
      }
      if (!progress) {
        throw new IllegalArgumentException("The saved Functional model cannot be rebuilt: the inputs of layers "
            + pending.stream().map(p -> p[0]).distinct().toList() + " are never produced");
      }
    }
    Map<String, KerasTensor> inputs = keyed(config.get("input_layers"), outputsByLayer);
    Map<String, KerasTensor> outputs = keyed(config.get("output_layers"), outputsByLayer);
    return new Ends(inputs != null ? inputs : tensorsOf(config.get("input_layers"), outputsByLayer),
        outputs != null ? outputs : tensorsOf(config.get("output_layers"), outputsByLayer));
  }

  /** A rebuilt model's inputs and outputs, each a {@code List<KerasTensor>} or a {@code Map<String, KerasTensor>}. */
  record Ends(Object inputs, Object outputs) {}

  /** The tensors of a saved dict of tensor histories, by key; null when {@code saved} is not a dict. */
  private static Map<String, KerasTensor> keyed(Object saved, Map<String, List<List<KerasTensor>>> outputsByLayer) {
    if (!(saved instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, KerasTensor> byKey = new LinkedHashMap<>();
    map.forEach((key, triple) -> byKey.put(String.valueOf(key), tensorsOf(List.of(triple), outputsByLayer).get(0)));
    return byKey;
  }

  private static int[] dims(Shape batchShape) {
    long[] all = batchShape.asArray();
    int[] dims = new int[all.length - 1];
    for (int i = 1; i < all.length; i++) {
      dims[i - 1] = (int) all[i];
    }
    return dims;
  }

  /** An operation node for its one saved call. */
  private static OperationNode operationNode(Map<?, ?> entry, List<?> inbound) {
    if (inbound.size() != 1) {
      throw new IllegalArgumentException("The saved operation '" + entry.get("name") + "' should have one call, "
          + "it has " + inbound.size());
    }
    return OperationNode.fromSaved(entry, listOf(((Map<?, ?>) inbound.get(0)).get("args"), "args"));
  }

  /**
   * The tensors a saved call takes (those in its args, depth first), the first one carrying the
   * mask its kwargs pass explicitly, if any; null while one of them is not computed yet.
   */
  private static List<KerasTensor> arguments(Map<?, ?> node, Map<String, List<List<KerasTensor>>> outputsByLayer) {
    List<KerasTensor> tensors = new ArrayList<>();
    for (Map<?, ?> tensor : OperationNode.savedTensors(listOf(node.get("args"), "args"))) {
      KerasTensor value = lookup(((Map<?, ?>) tensor.get("config")).get("keras_history"), outputsByLayer);
      if (value == null) {
        return null;
      }
      tensors.add(value);
    }
    Object kwargs = node.get("kwargs");
    List<Map<?, ?>> masks = kwargs instanceof Map<?, ?> map ? OperationNode.savedTensors(
        map.get("mask") == null ? List.of() : List.of(map.get("mask"))) : List.of();
    if (masks.size() == 1 && !tensors.isEmpty()) {
      KerasTensor mask = lookup(((Map<?, ?>) masks.get(0).get("config")).get("keras_history"), outputsByLayer);
      if (mask == null) {
        return null;
      }
      tensors.set(0, tensors.get(0).withMask(mask));
    }
    return tensors;
  }

  /**
   * The call arguments of a saved call with separate positional tensors or keyword arguments (other
   * than {@code mask}), its keyword tensors appended to {@code tensors}; null for a plain call.
   */
  private static CallArguments callArguments(Map<?, ?> node, Map<String, List<List<KerasTensor>>> outputsByLayer,
      List<KerasTensor> tensors) {
    List<?> args = listOf(node.get("args"), "args");
    boolean separate = args.size() > 1 && OperationNode.savedTensors(List.of(args.get(0))).size() == 1
        && args.get(0) instanceof Map<?, ?>;
    List<String> tensorKeywords = new ArrayList<>();
    Map<String, Object> options = new LinkedHashMap<>();
    if (node.get("kwargs") instanceof Map<?, ?> kwargs) {
      for (Map.Entry<?, ?> entry : kwargs.entrySet()) {
        String key = String.valueOf(entry.getKey());
        Object value = entry.getValue();
        if (key.equals("mask")) {
          continue;
        }
        List<Map<?, ?>> saved = value instanceof Map<?, ?> ? OperationNode.savedTensors(List.of(value)) : List.of();
        if (saved.size() == 1) {
          tensorKeywords.add(key);
          tensors.add(lookup(((Map<?, ?>) saved.get(0).get("config")).get("keras_history"), outputsByLayer));
        } else if (value instanceof Boolean || value instanceof Number || value instanceof String) {
          options.put(key, value);
        }
      }
    }
    if (!separate && tensorKeywords.isEmpty() && options.isEmpty()) {
      return null;
    }
    return new CallArguments(tensors.size() - tensorKeywords.size(), separate, tensorKeywords, options);
  }

  private static KerasTensor lookup(Object history, Map<String, List<List<KerasTensor>>> outputsByLayer) {
    List<?> triple = listOf(history, "keras_history");
    List<List<KerasTensor>> nodes = outputsByLayer.get(String.valueOf(triple.get(0)));
    int node = ((Number) triple.get(1)).intValue();
    int index = ((Number) triple.get(2)).intValue();
    return nodes == null || node >= nodes.size() ? null : nodes.get(node).get(index);
  }

  private static List<KerasTensor> tensorsOf(Object saved, Map<String, List<List<KerasTensor>>> outputsByLayer) {
    List<?> list = listOf(saved, "input_layers/output_layers");
    List<?> triples = !list.isEmpty() && !(list.get(0) instanceof List<?>) ? List.of(list) : list;
    List<KerasTensor> tensors = new ArrayList<>();
    for (Object triple : triples) {
      KerasTensor tensor = lookup(triple, outputsByLayer);
      if (tensor == null) {
        throw new IllegalArgumentException("The saved Functional model names a missing tensor " + triple);
      }
      tensors.add(tensor);
    }
    return tensors;
  }

  private static List<?> listOf(Object value, String what) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("The saved Functional config has no valid '" + what + "': " + value);
    }
    return list;
  }
}
