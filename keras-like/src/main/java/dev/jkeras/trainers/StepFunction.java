package dev.jkeras.trainers;

import dev.jkeras.KerasTensor;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.trainers.adapters.ArrayData;
import dev.jkeras.trainers.adapters.DataSignature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * A custom step ({@link StepBody} or {@link StepBodyOfLists}) traced once per data signature into the
 * model's graph, inside a {@link StepState} as {@code fit}'s train step is; each {@code run} is one
 * session run doing the step's updates and reading its logs.
 */
public final class StepFunction {
  private final TrainableModel model;
  private final Object buildLock;
  private final StepBodyOfLists body;
  private final Batches batches;
  private final Map<DataSignature, Traced> traced = new HashMap<>();
  private final TracedVersion version;

  private record Traced(GraphFunction function, List<String> names) {}

  /** How the model checks a batch given as lists or by name, and makes itself ready for it. */
  public interface Batches {
    ArrayData of(List<? extends NdArray<?>> xs, List<? extends NdArray<?>> ys);

    ArrayData byName(Map<String, ? extends NdArray<?>> xs, Map<String, ? extends NdArray<?>> ys);
  }

  StepFunction(TrainableModel model, Object buildLock, StepBodyOfLists body, Batches batches) {
    this.model = model;
    this.buildLock = buildLock;
    this.body = java.util.Objects.requireNonNull(body, "the step body");
    this.batches = batches;
    this.version = new TracedVersion(model);
  }

  /** Runs the step on one batch (traced on the first batch of its dtypes and shapes); returns its logs. */
  public Map<String, Double> run(NdArray<?> x, NdArray<?> y) {
    return run(batches.of(java.util.Collections.singletonList(x), java.util.Collections.singletonList(y)));
  }

  /** Runs the step on one batch of several inputs or targets, one array each in the model's order. */
  public Map<String, Double> run(List<? extends NdArray<?>> xs, List<? extends NdArray<?>> ys) {
    return run(batches.of(xs, ys));
  }

  /** Runs the step on one batch given by input and output name, as Keras's dict batches. */
  public Map<String, Double> run(Map<String, ? extends NdArray<?>> xs, Map<String, ? extends NdArray<?>> ys) {
    return run(batches.byName(xs, ys));
  }

  private Map<String, Double> run(ArrayData data) {
    Traced step;
    synchronized (buildLock) {
      if (version.changed()) {
        traced.clear();
      }
      step = traced.computeIfAbsent(data.signature(), this::trace);
    }
    return Trainer.runWhole(model.graph(), step.function(), step.names(), data);
  }

  /** The number of signatures traced so far (one per distinct batch dtype and sample shape). */
  public int tracedCount() {
    synchronized (buildLock) {
      return traced.size();
    }
  }

  private Traced trace(DataSignature signature) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      StepInputs in = StepInputs.trace(graph, signature, model.inputDtypes(signature.xTypes().size()));
      try (StepState state = StepState.open(graph)) {
        Map<String, KerasTensor> logs = body.step(in.xs(), in.ys(), new GradientTape(graph));
        if (logs == null || logs.isEmpty()) {
          throw new IllegalStateException("The step function of model '" + model.name() + "' returned no logs; "
              + "return the values to read after each step, e.g. Map.of(\"loss\", meanLoss.result())");
        }
        List<String> names = List.copyOf(logs.keySet());
        List<KerasTensor> values = names.stream().map(logs::get).toList();
        return new Traced(graph.function(in.placeholders(), values, state.updates()), names);
      }
    });
  }
}
