package dev.jkeras.models;

import dev.jkeras.KerasVariable;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The construction graphs of Functional models (where Inputs and the layers called on them were
 * traced), counted by the models built from them: the last of those models to close releases a
 * graph, as closing a model releases its own graph. A graph no model adopted (an unused Input) is
 * released by the garbage collector once its tensors are unreachable.
 */
final class ConstructionGraphs {
  private static final Map<ModelGraph, Integer> ADOPTERS = new IdentityHashMap<>();

  private ConstructionGraphs() {}

  /** Counts one more model built from {@code graphs}; returns them, for {@link #release}. */
  static synchronized List<ModelGraph> adopt(List<ModelGraph> graphs) {
    graphs.forEach(graph -> ADOPTERS.merge(graph, 1, Integer::sum));
    return graphs;
  }

  /**
   * Counts one model fewer for each of {@code graphs}, closing those no model uses any more after
   * moving the values of {@code weights} they hold elsewhere.
   */
  static void release(List<ModelGraph> graphs, List<Variable> weights) {
    for (ModelGraph graph : graphs) {
      if (lastAdopterLeft(graph)) {
        for (Variable weight : weights) {
          if (weight instanceof KerasVariable shared) {
            shared.evacuate(graph);
          }
        }
        graph.close();
      }
    }
  }

  private static synchronized boolean lastAdopterLeft(ModelGraph graph) {
    Integer count = ADOPTERS.get(graph);
    if (count == null) {
      return false;
    }
    if (count == 1) {
      ADOPTERS.remove(graph);
      return true;
    }
    ADOPTERS.put(graph, count - 1);
    return false;
  }
}
