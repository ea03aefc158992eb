package dev.jkeras.trainers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Trainer} needs of the model it trains, and nothing more: the graph its steps are
 * traced in, the lock building is serialized with, the step bodies, the names of the outputs, and the
 * regularization losses and weight constraints a train step applies. The trainer never sees the
 * model class itself.
 */
public interface TrainableModel {

  /** The model's name, for messages. */
  String name();

  /** The lock that serializes building and tracing on the model (held reentrantly); read once, when the trainer is made. */
  Object buildLock();

  /** The model's graph, which its steps are traced in. */
  ModelGraph graph();

  /** The dtype the model takes each of its first {@code count} inputs in. */
  List<DType> inputDtypes(int count);

  /** The names of the outputs, in order. */
  List<String> outputNames();

  /** One training step on a gathered batch: the model's {@code trainStep}; returns its logs. */
  Map<String, KerasTensor> trainStep(List<KerasTensor> x, List<KerasTensor> y);

  /** One evaluation step on a gathered batch: the model's {@code testStep}; returns its logs. */
  Map<String, KerasTensor> testStep(List<KerasTensor> x, List<KerasTensor> y);

  /** The model's outputs for a gathered batch, in inference or training mode. */
  List<KerasTensor> predictStep(List<KerasTensor> x, boolean training);

  /** The layers' regularization losses, traced in the step being traced. */
  List<KerasTensor> regularizationLosses();

  /** The metrics the model holds itself (in its fields or its layers'), which fit and evaluate reset with the compiled ones. */
  List<dev.jkeras.metrics.Metric> trackedMetrics();

  /**
   * A number that changes when the model's weights change after build (a layer adds weights, as LoRA's
   * {@code enableLora}, or freezes one): steps traced at another number are stale and are traced again.
   */
  default long weightsVersion() {
    return 0;
  }

  /** Every weight of the model, trainable or not, in the model's order. */
  List<Variable> weights();

  /** The constraint of each weight that has one, re-applied after the optimizer's update. */
  Map<Variable, Constraint> constraints();
}
