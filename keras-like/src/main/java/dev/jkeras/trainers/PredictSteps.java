package dev.jkeras.trainers;

import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.trainers.adapters.DataSignature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The predict steps of a model, traced per input signature and mode; reading a traced one takes no
 * lock, so predictions on several threads run concurrently and only tracing is serialized.
 */
final class PredictSteps {
  private final TrainableModel model;
  private final Object buildLock;
  private final Map<Key, GraphFunction> steps = new ConcurrentHashMap<>();

  /** A traced predict step: for inputs of a signature, in inference or training mode. */
  private record Key(DataSignature signature, boolean training) {}

  PredictSteps(TrainableModel model, Object buildLock) {
    this.model = model;
    this.buildLock = buildLock;
  }

  void forget() {
    steps.clear();
  }

  /** The traced step for inputs of {@code signature}; the first call traces it, holding the build lock. */
  GraphFunction step(DataSignature signature, boolean training) {
    Key key = new Key(signature, training);
    GraphFunction step = steps.get(key);
    if (step != null) {
      return step;
    }
    synchronized (buildLock) {
      return steps.computeIfAbsent(key, this::trace);
    }
  }

  private GraphFunction trace(Key key) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      StepInputs in = StepInputs.trace(graph, key.signature(), model.inputDtypes(key.signature().xTypes().size()));
      return graph.function(in.placeholders(), model.predictStep(in.xs(), key.training()), List.of());
    });
  }
}
