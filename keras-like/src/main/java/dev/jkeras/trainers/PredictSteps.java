package dev.jkeras.trainers;

import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.trainers.adapters.ArrayData;
import dev.jkeras.trainers.adapters.DataSignature;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The predict steps of a model, traced per input signature and mode; reading a traced one takes no
 * lock, so predictions on several threads run concurrently and only tracing is serialized.
 */
final class PredictSteps {
  private final TrainableModel model;
  private final Object buildLock;
  private final Map<Key, GraphFunction> steps = new ConcurrentHashMap<>();
  /** The whole-array step last used, per mode (inference, training). */
  private final AtomicReferenceArray<RecentStep<GraphFunction>> recent =
      new AtomicReferenceArray<>(2);
  private final AtomicLong forgets = new AtomicLong();
  private final TracedVersion version;

  /**
   * A traced predict step: for inputs of a signature, in inference or training mode, over some
   * batches; {@code steps} 0 is one batch of whole arrays fed as they are ({@link #whole}).
   */
  private record Key(DataSignature signature, boolean training, int steps) {}

  PredictSteps(TrainableModel model, Object buildLock) {
    this.model = model;
    this.buildLock = buildLock;
    this.version = new TracedVersion(model);
  }

  void forget() {
    steps.clear();
    forgets.incrementAndGet();
  }

  /** The traced step for inputs of {@code signature}; the first call traces it, holding the build lock. */
  GraphFunction step(DataSignature signature, boolean training) {
    return step(signature, training, 1);
  }

  /**
   * The traced function predicting {@code batches} consecutive batches in one session run; its outputs
   * are the batches' outputs concatenated, as Keras's multi-step predict function returns them.
   */
  GraphFunction step(DataSignature signature, boolean training, int batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("batches must be >= 1, got " + batches);
    }
    return traced(new Key(signature, training, batches));
  }

  /**
   * The traced step for inputs that fit one batch, fed as they are (one array per input, no batch
   * indices): what {@link #step} computes for that batch, without gathering it in the graph.
   */
  GraphFunction whole(DataSignature signature, boolean training) {
    return traced(new Key(signature, training, 0));
  }

  /** {@link #whole} for the signature of {@code inputs}; arrays of the signature last used find it without a lookup. */
  GraphFunction whole(ArrayData inputs, boolean training) {
    if (version.changed()) {
      forget();
    }
    long generation = forgets.get();
    int mode = training ? 1 : 0;
    RecentStep<GraphFunction> last = recent.get(mode);
    if (last != null && last.matches(inputs, training, generation)) {
      return last.step();
    }
    GraphFunction step = whole(inputs.signature(), training);
    recent.set(mode, new RecentStep<>(inputs, training, generation, step));
    return step;
  }

  private GraphFunction traced(Key key) {
    if (version.changed()) {
      forget();
    }
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
    if (key.steps() == 0) {
      return graph.trace(() -> {
        StepInputs in = StepInputs.whole(graph, key.signature(), model.inputDtypes(key.signature().xTypes().size()));
        return graph.function(in.placeholders(), model.predictStep(in.xs(), key.training()), List.of());
      });
    }
    return graph.trace(() -> {
      List<StepInputs> inputs = StepInputs.traceExecution(graph, key.signature(),
          model.inputDtypes(key.signature().xTypes().size()), key.steps(), -1);
      List<List<KerasTensor>> outputs = inputs.stream().map(in -> model.predictStep(in.xs(), key.training())).toList();
      List<KerasTensor> joined = outputs.get(0);
      if (outputs.size() > 1) {
        joined = new ArrayList<>();
        for (int i = 0; i < outputs.get(0).size(); i++) {
          int output = i;
          joined.add(Ops.concatenate(outputs.stream().map(step -> step.get(output)).toArray(KerasTensor[]::new), 0));
        }
      }
      return graph.function(StepInputs.placeholdersOf(inputs), joined, List.of());
    });
  }
}
