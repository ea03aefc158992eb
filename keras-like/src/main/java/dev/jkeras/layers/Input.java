package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import java.util.List;

/**
 * The inputs of a Functional model, as {@code keras.Input}: {@code Input.of(5).name("wide_input")}.
 *
 * <p>An Input is a symbolic tensor, as Keras's {@code KerasTensor}: it belongs to no thread and to no
 * model. Each Input starts a small construction graph of its own, which the layers called on it
 * trace into to learn their output shapes (a layer called on tensors of several construction graphs
 * traces into a new one); a {@code new Model(inputs, outputs)} traces the recorded calls again into
 * a graph of its own. Inputs made on different threads may be combined, and an Input left unused
 * affects no model.
 */
public final class Input {

  private Input() {}

  /** A float32 input of samples of {@code shape} (without the batch dimension). */
  public static KerasTensor of(int... shape) {
    return of(DType.FLOAT32, shape);
  }

  /** An input of the given dtype, e.g. {@code Input.of("int32", 10)} for token ids. */
  public static KerasTensor of(String dtype, int... shape) {
    return of(DType.of(dtype), shape);
  }

  public static KerasTensor of(DType dtype, int... shape) {
    InputLayer layer = new InputLayer(dtype, shape);
    ModelGraph home = Backends.get().newGraph("functional");
    KerasTensor placeholder = home.trace(() -> home.placeholder(layer.name(), dtype, layer.builtInputShape()));
    return Node.record(layer, List.of(), List.of(placeholder)).get(0);
  }
}
