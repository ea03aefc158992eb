package dev.jkeras.models;

import dev.jkeras.KerasTensor;
import dev.jkeras.layers.InputLayer;
import dev.jkeras.layers.Layer;
import dev.jkeras.layers.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
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

  Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalArgumentException("A Functional model needs at least one input and one output");
    }
    for (KerasTensor input : inputs) {
      Node node = Node.of(input);
      if (node == null || !(node.call().layer() instanceof InputLayer)) {
        throw new IllegalArgumentException("Model inputs must be tensors made by Input.of(...), got " + input);
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
    LinkedHashSet<Layer> ordered = new LinkedHashSet<>();
    inputs.forEach(t -> ordered.add(Node.of(t).call().layer()));
    calls.forEach(c -> ordered.add(c.layer()));
    this.layers = List.copyOf(ordered);
    checkUniqueNames();
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

  List<Layer> layers() {
    return layers;
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
      List<KerasTensor> results = call.layer().applyAll(arguments, training);
      for (int i = 0; i < results.size(); i++) {
        computed.put(new Node(call, i), results.get(i));
      }
    }
    return outputs.stream().map(t -> computed.get(Node.of(t))).toList();
  }
}
