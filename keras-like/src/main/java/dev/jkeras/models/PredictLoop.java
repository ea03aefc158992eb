package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Feed;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.callbacks.CallbackList;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * {@code predict}: a step traced per input signature and mode, run batch by batch, outputs gathered.
 * Calls on several threads run their batches concurrently; only tracing a step is serialized.
 */
final class PredictLoop {
  private final Model model;
  private final Map<Key, GraphFunction> steps = new ConcurrentHashMap<>();

  /** A traced predict step: for inputs of a signature, in inference or training mode. */
  private record Key(Trainer.Signature signature, boolean training) {}

  PredictLoop(Model model) {
    this.model = model;
  }

  void forget() {
    steps.clear();
  }

  List<NdArray<?>> run(ModelData data, int batchSize, boolean training, CallbackList callbacks) {
    int n = data.samples();
    GraphFunction step = step(new Key(data.signature(), training));
    int[] indices = Model.range(0, n);
    List<PredictionCollector> collectors = new ArrayList<>();
    ModelGraph graph = model.graph();
    int done = 0;
    model.stopPredicting(false);
    callbacks.onPredictBegin(Map.of());
    try (DataFeeds feeds = DataFeeds.of(graph, data.xs())) {
      for (int b = 0, from = 0; from < n; b++, from += batchSize) {
        callbacks.onPredictBatchBegin(b, Map.of());
        List<NdArray<?>> outputs;
        try (Feed batch = graph.feed(indices, from, Math.min(from + batchSize, n))) {
          outputs = step.call(feeds.with(batch));
        }
        for (int i = 0; i < outputs.size(); i++) {
          if (collectors.size() <= i) {
            collectors.add(new PredictionCollector(n));
          }
          collectors.get(i).add(from, outputs.get(i));
        }
        done = Math.min(from + batchSize, n);
        callbacks.onPredictBatchEnd(b, Map.of(), outputs);
        if (model.stopPredicting()) {
          break;
        }
      }
    }
    callbacks.onPredictEnd(Map.of());
    int gathered = done;
    // Stopped early (model.stopPredicting): the outputs of the batches run, as Keras returns them.
    return collectors.stream().<NdArray<?>>map(c -> gathered == n ? c.result()
        : c.result().slice(Indices.range(0, gathered))).toList();
  }

  /** The traced step for {@code key}; the first call traces it, holding the model's build lock. */
  private GraphFunction step(Key key) {
    GraphFunction step = steps.get(key);
    return step != null ? step : model.whileBuilding(() -> steps.computeIfAbsent(key, this::trace));
  }

  private GraphFunction trace(Key key) {
    Trainer.Signature sig = key.signature();
    ModelGraph g = model.graph();
    return g.trace(() -> {
      List<KerasTensor> inputs = new ArrayList<>();
      for (int i = 0; i < sig.xTypes().size(); i++) {
        inputs.add(g.placeholder("x", sig.xTypes().get(i), sig.xSamples().get(i).prepend(Shape.UNKNOWN)));
      }
      KerasTensor indices = g.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
      List<KerasTensor> outputs = model.applyAll(model.batchInputs(inputs, indices), key.training());
      List<KerasTensor> fed = new ArrayList<>(inputs);
      fed.add(indices);
      return g.function(fed, outputs, List.of());
    });
  }
}
