package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import java.util.List;

/**
 * The inputs of a Functional model, as {@code keras.Input}: {@code Input.of(5).name("wide_input")}.
 *
 * <p>Inputs made on one thread before a {@code new Model(inputs, outputs)} share one graph, which
 * the layers called on them build into and the model then owns; the next Input starts a new one.
 */
public final class Input {
  private static final ThreadLocal<ModelGraph> UNDER_CONSTRUCTION = new ThreadLocal<>();

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
    ModelGraph graph = UNDER_CONSTRUCTION.get();
    if (graph == null) {
      graph = Backends.get().newGraph("functional");
      UNDER_CONSTRUCTION.set(graph);
    }
    ModelGraph home = graph;
    KerasTensor placeholder = home.trace(() -> home.placeholder(layer.name(), dtype, layer.builtInputShape()));
    return Node.record(layer, List.of(), List.of(placeholder)).get(0);
  }

  /** Hands the graph of the inputs being built over to a model; later inputs start a new graph. */
  public static void release(ModelGraph graph) {
    if (UNDER_CONSTRUCTION.get() == graph) {
      UNDER_CONSTRUCTION.remove();
    }
  }
}
