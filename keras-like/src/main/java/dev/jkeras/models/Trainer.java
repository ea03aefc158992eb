package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.losses.Loss;
import dev.jkeras.metrics.Mean;
import dev.jkeras.metrics.Metric;
import dev.jkeras.metrics.Metrics;
import dev.jkeras.ops.Ops;
import dev.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled model's steps, traced once per data signature into the model's graph: the train step
 * (forward, loss, gradients, fused optimizer update and metric updates in one session run), the
 * test step, the predict step and the metric reset.
 *
 * <p>Each step takes the whole data set as fed tensors and the indices of one batch; the batch is
 * gathered inside the graph, so nothing per batch is copied in Java.
 */
final class Trainer {
  private final Model model;
  private final Optimizer optimizer;
  private final Loss loss;
  private final List<Object> metricSpecs;
  private final Mean lossTracker = new Mean("loss");
  private List<Metric> metrics;

  private Signature signature;
  private Steps steps;

  /** The dtypes and sample shapes of x and y a set of steps was traced for. */
  record Signature(DType xType, Shape xSample, DType yType, Shape ySample) {}

  /** The traced steps and the names of the values the train and test steps return. */
  record Steps(GraphFunction train, GraphFunction test, GraphFunction reset, List<String> logNames) {}

  Trainer(Model model, Optimizer optimizer, Loss loss, List<Object> metricSpecs) {
    this.model = model;
    this.optimizer = Objects.requireNonNull(optimizer);
    this.loss = Objects.requireNonNull(loss);
    this.metricSpecs = List.copyOf(metricSpecs);
  }

  Optimizer optimizer() {
    return optimizer;
  }

  Loss loss() {
    return loss;
  }

  /** Forgets the traced steps; the next use traces them again. */
  void invalidate() {
    signature = null;
    steps = null;
  }

  /** The steps for data of this signature, traced on first use. */
  Steps steps(Signature wanted) {
    if (!wanted.equals(signature)) {
      steps = trace(wanted);
      signature = wanted;
    }
    return steps;
  }

  private Steps trace(Signature sig) {
    ModelGraph graph = model.graph();
    return graph.trace(() -> {
      KerasTensor xAll = graph.placeholder("x", sig.xType(), sig.xSample().prepend(Shape.UNKNOWN));
      KerasTensor yAll = graph.placeholder("y", sig.yType(), sig.ySample().prepend(Shape.UNKNOWN));
      KerasTensor indices = graph.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
      List<KerasTensor> inputs = List.of(xAll, yAll, indices);
      KerasTensor x = Ops.cast(Ops.take(xAll, indices), DType.FLOAT32);
      KerasTensor y = Ops.take(yAll, indices);

      GraphFunction train = graph.function(inputs, step(graph, x, y, true), List.of());
      GraphFunction test = graph.function(inputs, step(graph, x, y, false), List.of());
      List<Update> resets = new ArrayList<>(lossTracker.resetState());
      metrics.forEach(m -> resets.addAll(m.resetState()));
      GraphFunction reset = graph.function(List.of(), List.of(), List.of(graph.group(resets)));

      List<String> names = new ArrayList<>();
      names.add("loss");
      metrics.forEach(m -> names.add(m.name()));
      return new Steps(train, test, reset, List.copyOf(names));
    });
  }

  /** One train or test step on a batch; returns the metric results after this batch. */
  private List<KerasTensor> step(ModelGraph graph, KerasTensor x, KerasTensor y, boolean training) {
    KerasTensor yPred = model.apply(x, training);
    if (metrics == null) {
      metrics = resolveMetrics(y.shape(), yPred.shape());
    }
    KerasTensor total = loss.apply(y, yPred);
    for (KerasTensor penalty : model.losses()) {
      total = Ops.add(total, penalty);
    }
    List<Update> updates = new ArrayList<>();
    if (training) {
      List<Variable> trainable = model.trainableWeights();
      if (!trainable.isEmpty()) {
        updates.add(optimizer.applyGradients(graph.gradients(total, trainable), trainable));
      }
    }
    KerasTensor batchSize = Ops.cast(Ops.take(Ops.shape(x), Ops.scalar(0, DType.INT32)), DType.FLOAT32);
    updates.addAll(lossTracker.updateWeighted(total, batchSize));
    for (Metric metric : metrics) {
      updates.addAll(metric.updateState(y, yPred));
    }
    return graph.after(updates, () -> {
      List<KerasTensor> results = new ArrayList<>();
      results.add(lossTracker.result());
      metrics.forEach(m -> results.add(m.result()));
      return results;
    });
  }

  private List<Metric> resolveMetrics(Shape yTrue, Shape yPred) {
    List<Metric> resolved = new ArrayList<>();
    for (Object spec : metricSpecs) {
      resolved.add(spec instanceof Metric metric ? metric : Metrics.get((String) spec, yTrue, yPred));
    }
    return resolved;
  }
}
