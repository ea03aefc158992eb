package dev.jkeras.layers;

import dev.jkeras.KerasHistory;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of a layer while a Functional model is built: the layer, the tensors it was called on,
 * and which of its outputs a tensor is. Functional models replay these calls when they trace.
 */
public record Node(Call call, int outputIndex) implements KerasHistory {

  /**
   * A layer call: the layer and its inputs. Compared by identity, as one call may have several
   * outputs. It holds the graph its outputs were traced in, so that graph lives as long as a tensor
   * of the call is reachable (and is released by the garbage collector after).
   */
  public static final class Call {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private final ModelGraph graph;
    private final CallArguments arguments;

    Call(Layer layer, List<KerasTensor> inputs, ModelGraph graph, CallArguments arguments) {
      this.layer = layer;
      this.inputs = List.copyOf(inputs);
      this.graph = graph;
      this.arguments = arguments;
    }

    /** How the inputs map to the call's positional and keyword arguments. */
    public CallArguments arguments() {
      return arguments;
    }

    /** The graph the call's outputs were traced in, or null when they are not graph tensors. */
    public ModelGraph graph() {
      return graph;
    }

    public Layer layer() {
      return layer;
    }

    public List<KerasTensor> inputs() {
      return inputs;
    }
  }

  /** The outputs, each with its history pointing at this call. */
  static List<KerasTensor> record(Layer layer, List<KerasTensor> inputs, List<KerasTensor> outputs) {
    return record(layer, inputs, outputs, CallArguments.positional(Math.max(1, inputs.size())));
  }

  /** As {@link #record(Layer, List, List)} for a call with keyword arguments. */
  static List<KerasTensor> record(Layer layer, List<KerasTensor> inputs, List<KerasTensor> outputs,
      CallArguments arguments) {
    Call call = new Call(layer, inputs, Backends.get().graphOf(outputs.get(0)).orElse(null), arguments);
    List<KerasTensor> recorded = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      recorded.add(outputs.get(i).withHistory(new Node(call, i)));
    }
    return List.copyOf(recorded);
  }

  /** The node of a tensor made while building a Functional model, or null. */
  public static Node of(KerasTensor tensor) {
    return tensor.history() instanceof Node node ? node : null;
  }
}
