package dev.jkeras.trainers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.distribution.DataParallel;
import dev.jkeras.ops.CollectiveOps;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArrays;

/**
 * What makes the workers of a data-parallel fit start alike: the chief's model weights, optimizer
 * state and first epoch (a resumed backup's, say), broadcast to every worker when a fit starts. The
 * broadcast is traced once per list of variables and run at every fit.
 */
final class WorkerSync {
  private final TrainableModel model;
  private List<Variable> tracedFor;
  private GraphFunction broadcast;
  private KerasTensor epochInput;

  WorkerSync(TrainableModel model) {
    this.model = model;
  }

  /**
   * Gives every worker the chief's values of {@code variables}; returns the chief's {@code firstEpoch}.
   * Does nothing (returns {@code firstEpoch}) without a distribution of several workers.
   */
  int fromChief(DataParallel distribution, List<Variable> variables, int firstEpoch) {
    if (distribution == null || distribution.numReplicasInSync() < 2) {
      return firstEpoch;
    }
    ModelGraph graph = model.graph();
    if (!variables.equals(tracedFor)) {
      trace(graph, variables);
    }
    try (Feed epoch = graph.feed(NdArrays.scalarOf((float) firstEpoch))) {
      Number chiefEpoch = (Number) broadcast.call(List.of(epoch)).get(0).getObject();
      return Math.round(chiefEpoch.floatValue());
    }
  }

  private void trace(ModelGraph graph, List<Variable> variables) {
    graph.trace(() -> {
      epochInput = graph.placeholder("first_epoch", DType.FLOAT32, Shape.of());
      List<KerasTensor> values = new ArrayList<>();
      values.add(epochInput);
      variables.forEach(v -> values.add(v.value()));
      List<KerasTensor> chiefs = CollectiveOps.broadcastFromChief(values);
      List<Update> updates = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        updates.add(variables.get(i).assign(chiefs.get(i + 1)));
      }
      broadcast = graph.function(List.of(epochInput), List.of(chiefs.get(0)), updates);
      tracedFor = List.copyOf(variables);
      return null;
    });
  }
}
