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
import java.util.function.BiFunction;
import org.tensorflow.ndarray.NdArray;

/**
 * A custom step ({@link StepBody}) traced once per data signature into the model's graph, inside a
 * {@link StepState} as {@code fit}'s train step is; each {@link #run} is one session run doing the
 * step's updates and reading its logs.
 */
public final class StepFunction {
  private final TrainableModel model;
  private final Object buildLock;
  private final StepBody body;
  private final BiFunction<NdArray<?>, NdArray<?>, ArrayData> prepare;
  private final Map<DataSignature, Traced> traced = new HashMap<>();

  private record Traced(GraphFunction function, List<String> names) {}

  StepFunction(TrainableModel model, Object buildLock, StepBody body,
      BiFunction<NdArray<?>, NdArray<?>, ArrayData> prepare) {
    this.model = model;
    this.buildLock = buildLock;
    this.body = java.util.Objects.requireNonNull(body, "the step body");
    this.prepare = prepare;
  }

  /** Runs the step on one batch (traced on the first batch of its dtypes and shapes); returns its logs. */
  public Map<String, Double> run(NdArray<?> x, NdArray<?> y) {
    ArrayData data = prepare.apply(x, y);
    Traced step;
    synchronized (buildLock) {
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
        Map<String, KerasTensor> logs = body.step(in.xs().get(0), in.ys().get(0), new GradientTape(graph));
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
