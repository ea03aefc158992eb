package dev.jkeras.models;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.Variable;
import dev.jkeras.constraints.Constraint;
import dev.jkeras.trainers.TrainableModel;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A model as its trainer sees it: the model's side of the {@link TrainableModel} interface. */
final class ModelView implements TrainableModel {
  private final Model model;
  /** The model's weights version and the count of weight changes it was computed at. */
  private volatile long[] version = {-1, 0};

  ModelView(Model model) {
    this.model = model;
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public Object buildLock() {
    return model.buildLock();
  }

  @Override
  public ModelGraph graph() {
    return model.graph();
  }

  @Override
  public List<DType> inputDtypes(int count) {
    return IntStream.range(0, count).mapToObj(model::inputDtype).toList();
  }

  @Override
  public List<String> outputNames() {
    return model.outputNames();
  }

  @Override
  public Map<String, KerasTensor> trainStep(List<KerasTensor> x, List<KerasTensor> y) {
    return model.trainStep(x, y);
  }

  @Override
  public Map<String, KerasTensor> testStep(List<KerasTensor> x, List<KerasTensor> y) {
    return model.testStep(x, y);
  }

  @Override
  public List<KerasTensor> predictStep(List<KerasTensor> x, boolean training) {
    return model.applyAll(x, training);
  }

  @Override
  public List<KerasTensor> regularizationLosses() {
    return model.losses();
  }

  @Override
  public List<dev.jkeras.metrics.Metric> trackedMetrics() {
    return MetricFields.of(model);
  }

  /** Recomputed only when some layer's weights changed since the last call (one volatile read otherwise). */
  @Override
  public long weightsVersion() {
    long changes = dev.jkeras.layers.Layer.weightChanges();
    long[] known = version;
    if (known[0] == changes) {
      return known[1];
    }
    long now = model.weightsVersion();
    version = new long[] {changes, now};
    return now;
  }

  @Override
  public List<Variable> weights() {
    return model.weights();
  }

  @Override
  public Map<Variable, Constraint> constraints() {
    return model.constraints();
  }
}
