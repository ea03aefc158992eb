package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.StepState;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.losses.TargetRule;
import dev.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming metric: state in graph variables, updated batch by batch inside the train and test
 * steps, read with {@link #result()} and reset at the start of each epoch or evaluation.
 */
public abstract class Metric {
  private final String name;
  private final List<Variable> variables = new ArrayList<>();
  private ModelGraph graph;
  private Readers readers;

  protected Metric(String name) {
    this.name = name;
  }

  /** The name logs use, e.g. {@code accuracy}. */
  public String name() {
    return name;
  }

  /**
   * The target shapes this metric takes for a prediction shape, checked when its update is traced (before
   * the first step); {@link TargetRule#ANY} unless a metric names its rule.
   */
  public TargetRule targetRule() {
    return TargetRule.ANY;
  }

  /** Fails with Keras's message unless {@code yTrue}'s shape fits {@code yPred}'s under {@link #targetRule()}. */
  protected final void checkTargets(KerasTensor yTrue, KerasTensor yPred) {
    targetRule().check(yTrue.shape(), yPred.shape(), "metric " + name);
  }

  /** Creates the state variables in the graph being traced (once per graph). */
  protected abstract void buildState();

  /**
   * Adds a zero-initialized state variable. Its updates made while a step is traced join that step
   * ({@link StepState}), so a metric updated inside a custom train step takes effect.
   */
  protected final Variable addVariable(String variableName, Shape shape) {
    Variable variable = new StepRecordedVariable(graph.variable(name + "/" + variableName, shape, DType.FLOAT32,
        () -> Ops.zeros(shape, DType.FLOAT32)));
    variables.add(variable);
    return variable;
  }

  /** Makes sure the state variables exist in the graph being traced. */
  protected final void ensureState() {
    ModelGraph current = Backends.get().currentGraph().orElseThrow(() -> new IllegalStateException(
        "Metric '" + name + "' is updated only inside a model's train or test step"));
    if (current != graph) {
      graph = current;
      variables.clear();
      buildState();
    }
  }

  /** The updates that fold one batch of targets and predictions into the state. */
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred) {
    throw new UnsupportedOperationException("Metric '" + name + "' is not computed from targets and predictions");
  }

  /**
   * The updates that fold one batch in, each sample counting {@code sampleWeight} times (shape
   * {@code (batch,)}; null for unweighted), as Keras's {@code update_state(y_true, y_pred, sample_weight)}.
   * Metrics that support weights override this; the default accepts only null.
   */
  public List<Update> updateState(KerasTensor yTrue, KerasTensor yPred, KerasTensor sampleWeight) {
    if (sampleWeight == null) {
      return updateState(yTrue, yPred);
    }
    throw new UnsupportedOperationException("Metric '" + name + "' does not support sample weights");
  }

  /** The metric's value from its state; inside a traced step, read after the step's updates so far. */
  public final KerasTensor result() {
    ensureState();
    return StepState.afterUpdates(this::compute);
  }

  protected abstract KerasTensor compute();

  /**
   * The updates that zero the state, inside a step being traced. Called outside any step (between
   * the epochs of a custom loop), it zeroes the state now and returns no updates; a metric not used
   * in a step yet has nothing to reset.
   */
  public final List<Update> resetState() {
    if (Backends.get().currentGraph().isEmpty()) {
      ModelGraph home = graph;
      if (home != null) {
        readers(home).reset().run(List.of());
      }
      return List.of();
    }
    ensureState();
    return variables.stream().map(v -> v.assign(Ops.zeros(v.shape(), v.dtype()))).toList();
  }

  /**
   * The metric's current value as a Java number, read outside any step (after a custom loop's step,
   * as Python's {@code float(metric.result())}).
   *
   * @throws IllegalStateException when the metric was not updated in any step yet
   */
  public final double resultValue() {
    ModelGraph home = graph;
    if (home == null) {
      throw new IllegalStateException("Metric '" + name + "' has no state yet: update it inside a step "
          + "(a custom trainStep or a model's stepFunction) before reading its result");
    }
    org.tensorflow.ndarray.NdArray<?> value = readers(home).result().call(List.of()).get(0);
    if (value.rank() > 0) {
      throw new IllegalStateException("Metric '" + name + "' has a vector result of shape " + value.shape()
          + "; read it with resultValues()");
    }
    return ((Number) value.getObject()).doubleValue();
  }

  /**
   * The metric's current value as Java numbers, read outside any step: one for a scalar result, one per
   * element for a vector result (F1Score with {@code average=None}, Precision with several thresholds).
   *
   * @throws IllegalStateException when the metric was not updated in any step yet
   */
  public final double[] resultValues() {
    ModelGraph home = graph;
    if (home == null) {
      throw new IllegalStateException("Metric '" + name + "' has no state yet: update it inside a step "
          + "(a custom trainStep or a model's stepFunction) before reading its result");
    }
    org.tensorflow.ndarray.NdArray<?> value = readers(home).result().call(List.of()).get(0);
    double[] values = new double[Math.toIntExact(value.size())];
    int[] next = {0};
    value.scalars().forEach(s -> values[next[0]++] = ((Number) s.getObject()).doubleValue());
    return values;
  }

  /** The traced functions that read and zero the state in {@code home}, made once per graph. */
  private synchronized Readers readers(ModelGraph home) {
    if (readers == null || readers.graph() != home) {
      readers = home.trace(() -> new Readers(home, home.function(List.of(), List.of(compute()), List.of()),
          home.function(List.of(), List.of(), List.of(home.group(resetState())))));
    }
    return readers;
  }

  private record Readers(ModelGraph graph, GraphFunction result, GraphFunction reset) {}

  /**
   * Runs {@code results} (which reads metrics' results, inside a step being traced) with every state
   * variable of {@code metrics} read as {@code reduce} makes of their values after the step's updates
   * so far: under data parallelism the sum over the workers, as TensorFlow's {@code SyncOnRead}
   * metric variables (aggregation {@code SUM}) read in cross-replica context. The variables keep their
   * own values; only what is read from them here changes.
   */
  public static <T> T readingStateAs(List<Metric> metrics,
      java.util.function.UnaryOperator<List<KerasTensor>> reduce, java.util.function.Supplier<T> results) {
    List<Variable> state = new ArrayList<>();
    java.util.Set<Variable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Metric metric : metrics) {
      metric.ensureState();
      for (Variable v : metric.variables) {
        if (seen.add(v)) {
          state.add(v);
        }
      }
    }
    if (state.isEmpty()) {
      return results.get();
    }
    return StepState.afterUpdates(() -> {
      List<KerasTensor> reduced = reduce.apply(state.stream().map(Variable::value).toList());
      return StepRecordedVariable.readingAs(state, reduced, results);
    });
  }

  /** The state variables in the current graph. */
  public List<Variable> variables() {
    return List.copyOf(variables);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
