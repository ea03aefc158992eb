package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import java.util.List;

/**
 * Gradients inside a step being traced, as {@code tf.GradientTape} in a Keras 3 custom loop: of any
 * tensor of the step (a loss, an intermediate) with respect to weights or to other tensors of the
 * step. A target that is not a scalar is summed first, as the tape does.
 */
public final class GradientTape {
  private final ModelGraph graph;

  GradientTape(ModelGraph graph) {
    this.graph = graph;
  }

  /** The gradients of {@code target} for each variable, in order (null for one it does not depend on). */
  public List<KerasTensor> gradient(KerasTensor target, List<Variable> sources) {
    return sources.isEmpty() ? List.of() : graph.gradients(target, sources);
  }

  /** The gradient of {@code target} with respect to {@code source}, a tensor of the same step (null when unconnected). */
  public KerasTensor gradient(KerasTensor target, KerasTensor source) {
    return graph.gradientsOfTensors(target, List.of(source)).get(0);
  }

  /** The gradients of {@code target} with respect to each tensor of {@code sources}, in order. */
  public List<KerasTensor> tensorGradients(KerasTensor target, List<KerasTensor> sources) {
    return sources.isEmpty() ? List.of() : graph.gradientsOfTensors(target, sources);
  }
}
