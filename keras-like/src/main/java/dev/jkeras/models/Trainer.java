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

/**
 * A compiled model's steps, traced once per data signature into the model's graph: the train step
 * (forward, loss, gradients, fused optimizer update and metric updates in one session run), the
 * test step and the metric reset.
 *
 * <p>Each step takes the whole data set as fed tensors and the indices of one batch; the batch is
 * gathered inside the graph, so nothing per batch is copied in Java.
 */
final class Trainer {
  private final Model model;
  private final CompileOptions options;
  private final Mean lossTracker = new Mean("loss");
  private List<Loss> losses;
  private double[] lossWeights;
  private List<Mean> outputLossTrackers;
  private List<Metric> metrics;

  private Signature signature;
  private Steps steps;

  /** The dtypes and sample shapes of the inputs and targets a set of steps was traced for. */
  record Signature(List<DType> xTypes, List<Shape> xSamples, List<DType> yTypes, List<Shape> ySamples) {}

  /** The traced steps and the names of the values the train and test steps return. */
  record Steps(GraphFunction train, GraphFunction test, GraphFunction reset, List<String> logNames) {}

  Trainer(Model model, CompileOptions options) {
    this.model = model;
    this.options = options;
  }

  Optimizer optimizer() {
    return options.optimizer();
  }

  /** The loss of each output; known once the model's outputs are. */
  List<Loss> losses() {
    if (losses == null) {
      losses = options.lossesFor(model.outputNames());
      lossWeights = options.weightsFor(model.outputNames());
    }
    return losses;
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
      List<KerasTensor> placeholders = new ArrayList<>();
      for (int i = 0; i < sig.xTypes().size(); i++) {
        placeholders.add(graph.placeholder("x", sig.xTypes().get(i), sig.xSamples().get(i).prepend(Shape.UNKNOWN)));
      }
      for (int i = 0; i < sig.yTypes().size(); i++) {
        placeholders.add(graph.placeholder("y", sig.yTypes().get(i), sig.ySamples().get(i).prepend(Shape.UNKNOWN)));
      }
      KerasTensor indices = graph.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
      List<KerasTensor> inputs = new ArrayList<>(placeholders);
      inputs.add(indices);
      int xCount = sig.xTypes().size();
      List<KerasTensor> xs = model.batchInputs(placeholders.subList(0, xCount), indices);
      List<KerasTensor> ys = placeholders.subList(xCount, placeholders.size()).stream()
          .map(y -> Ops.take(y, indices)).toList();

      GraphFunction train = graph.function(inputs, step(graph, xs, ys, true), List.of());
      GraphFunction test = graph.function(inputs, step(graph, xs, ys, false), List.of());
      List<Update> resets = new ArrayList<>(lossTracker.resetState());
      outputLossTrackers.forEach(t -> resets.addAll(t.resetState()));
      metrics.forEach(m -> resets.addAll(m.resetState()));
      GraphFunction reset = graph.function(List.of(), List.of(), List.of(graph.group(resets)));
      return new Steps(train, test, reset, logNames());
    });
  }

  private List<String> logNames() {
    List<String> names = new ArrayList<>();
    names.add("loss");
    outputLossTrackers.forEach(t -> names.add(t.name()));
    metrics.forEach(m -> names.add(m.name()));
    return List.copyOf(names);
  }

  /** One train or test step on a batch; returns the metric results after this batch. */
  private List<KerasTensor> step(ModelGraph graph, List<KerasTensor> xs, List<KerasTensor> ys, boolean training) {
    List<KerasTensor> yPreds = model.applyAll(xs, training);
    if (yPreds.size() != ys.size()) {
      throw new IllegalArgumentException("The model has " + yPreds.size() + " outputs " + model.outputNames()
          + " but " + ys.size() + " targets were given");
    }
    List<Loss> outputLosses = losses();
    if (metrics == null) {
      resolveMetrics(ys, yPreds);
    }
    List<KerasTensor> perOutput = new ArrayList<>();
    KerasTensor total = null;
    for (int i = 0; i < yPreds.size(); i++) {
      KerasTensor value = outputLosses.get(i).apply(ys.get(i), yPreds.get(i));
      perOutput.add(value);
      KerasTensor weighted = lossWeights[i] == 1.0 ? value : Ops.multiply(value, lossWeights[i]);
      total = total == null ? weighted : Ops.add(total, weighted);
    }
    for (KerasTensor penalty : model.losses()) {
      total = Ops.add(total, penalty);
    }
    List<Update> updates = new ArrayList<>();
    if (training) {
      List<Variable> trainable = model.trainableWeights();
      if (!trainable.isEmpty()) {
        updates.add(optimizer().applyGradients(graph.gradients(total, trainable), trainable));
      }
    }
    KerasTensor batchSize = Ops.cast(Ops.take(Ops.shape(xs.get(0)), Ops.scalar(0, DType.INT32)), DType.FLOAT32);
    updates.addAll(lossTracker.updateWeighted(total, batchSize));
    for (int i = 0; i < outputLossTrackers.size(); i++) {
      updates.addAll(outputLossTrackers.get(i).updateWeighted(perOutput.get(i), batchSize));
    }
    int perOutputMetrics = metrics.size() / yPreds.size();
    for (int m = 0; m < metrics.size(); m++) {
      int output = m / perOutputMetrics;
      updates.addAll(metrics.get(m).updateState(ys.get(output), yPreds.get(output)));
    }
    return graph.after(updates, () -> {
      List<KerasTensor> results = new ArrayList<>();
      results.add(lossTracker.result());
      outputLossTrackers.forEach(t -> results.add(t.result()));
      metrics.forEach(m -> results.add(m.result()));
      return results;
    });
  }

  /** Metrics for each output, named {@code <output>_<metric>} when there are several outputs. */
  private void resolveMetrics(List<KerasTensor> ys, List<KerasTensor> yPreds) {
    List<String> outputNames = model.outputNames();
    boolean multi = yPreds.size() > 1;
    outputLossTrackers = new ArrayList<>();
    if (multi) {
      outputNames.forEach(name -> outputLossTrackers.add(new Mean(name + "_loss")));
    }
    List<Metric> resolved = new ArrayList<>();
    for (int i = 0; i < yPreds.size(); i++) {
      for (Object spec : options.metrics()) {
        if (spec instanceof Metric metric) {
          if (multi) {
            throw new IllegalArgumentException("Metric objects are supported for single-output models; "
                + "give metric names for models with outputs " + outputNames);
          }
          resolved.add(metric);
        } else {
          String name = (String) spec;
          String logName = multi ? outputNames.get(i) + "_" + name : name;
          resolved.add(Metrics.get(logName, name, ys.get(i).shape(), yPreds.get(i).shape()));
        }
      }
    }
    metrics = resolved;
  }
}
