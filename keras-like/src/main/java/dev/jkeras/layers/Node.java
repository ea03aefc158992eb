package dev.jkeras.layers;

import dev.jkeras.KerasHistory;
import dev.jkeras.KerasTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of a layer while a Functional model is built: the layer, the tensors it was called on,
 * and which of its outputs a tensor is. Functional models replay these calls when they trace.
 */
public record Node(Call call, int outputIndex) implements KerasHistory {

  /** A layer call: the layer and its inputs. Compared by identity, as one call may have several outputs. */
  public static final class Call {
    private final Layer layer;
    private final List<KerasTensor> inputs;

    Call(Layer layer, List<KerasTensor> inputs) {
      this.layer = layer;
      this.inputs = List.copyOf(inputs);
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
    Call call = new Call(layer, inputs);
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
