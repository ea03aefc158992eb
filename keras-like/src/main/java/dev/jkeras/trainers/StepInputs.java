package dev.jkeras.trainers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.ops.Ops;
import dev.jkeras.trainers.adapters.DataSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a traced step, as an {@link dev.jkeras.trainers.adapters.ArrayDataAdapter} feeds it:
 * the whole arrays (inputs, targets, sample weights) and one batch's indices as placeholders, and the
 * batch gathered from them in the graph, inputs cast to the dtypes the model takes.
 */
record StepInputs(List<KerasTensor> placeholders, List<KerasTensor> xs, List<KerasTensor> ys,
    KerasTensor sampleWeight) {

  /** Traces the placeholders and the gather for data of {@code signature}, in the graph being traced. */
  static StepInputs trace(ModelGraph graph, DataSignature signature, List<DType> inputDtypes) {
    List<KerasTensor> fed = new ArrayList<>();
    for (int i = 0; i < signature.xTypes().size(); i++) {
      fed.add(graph.placeholder("x", signature.xTypes().get(i), signature.xSamples().get(i).prepend(Shape.UNKNOWN)));
    }
    for (int i = 0; i < signature.yTypes().size(); i++) {
      fed.add(graph.placeholder("y", signature.yTypes().get(i), signature.ySamples().get(i).prepend(Shape.UNKNOWN)));
    }
    KerasTensor weights = signature.weighted()
        ? graph.placeholder("sample_weight", DType.FLOAT32, Shape.of(Shape.UNKNOWN)) : null;
    KerasTensor indices = graph.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
    int xCount = signature.xTypes().size();
    List<KerasTensor> xs = new ArrayList<>();
    for (int i = 0; i < xCount; i++) {
      xs.add(Ops.cast(Ops.take(fed.get(i), indices), inputDtypes.get(i)));
    }
    List<KerasTensor> ys = fed.subList(xCount, fed.size()).stream().map(y -> Ops.take(y, indices)).toList();
    List<KerasTensor> placeholders = new ArrayList<>(fed);
    if (weights != null) {
      placeholders.add(weights);
    }
    placeholders.add(indices);
    return new StepInputs(List.copyOf(placeholders), List.copyOf(xs), ys,
        weights == null ? null : Ops.take(weights, indices));
  }
}
