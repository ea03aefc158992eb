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
 * batch gathered from them in the graph, inputs cast to the dtypes the model takes; or, for data that
 * fits one batch, the arrays alone, fed as the batch ({@link #whole}).
 */
record StepInputs(List<KerasTensor> placeholders, List<KerasTensor> xs, List<KerasTensor> ys,
    KerasTensor sampleWeight) {

  /** Traces the placeholders and the gather for data of {@code signature}, in the graph being traced. */
  static StepInputs trace(ModelGraph graph, DataSignature signature, List<DType> inputDtypes) {
    return traceExecution(graph, signature, inputDtypes, 1, -1).get(0);
  }

  /**
   * Traces the inputs of an execution of {@code steps} steps: the arrays fed once, then one batch's
   * indices per step, in that order (as {@link dev.jkeras.trainers.adapters.DataAdapter#batches}
   * feeds them); each step's inputs list the arrays and its own indices as its placeholders. With a
   * known {@code batchSize} (not -1) every batch has that static size, so TensorFlow folds the
   * step's shape arithmetic (batch counts, the gradients' broadcast shapes) into constants.
   */
  static List<StepInputs> traceExecution(ModelGraph graph, DataSignature signature, List<DType> inputDtypes,
      int steps, int batchSize) {
    if (signature.source() != null) {
      return readInGraph(signature, inputDtypes, steps);
    }
    List<KerasTensor> arrays = arrayPlaceholders(graph, signature);
    KerasTensor weights = signature.weighted() ? arrays.get(arrays.size() - 1) : null;
    int xCount = signature.xTypes().size();
    int yEnd = xCount + signature.yTypes().size();
    List<StepInputs> inputs = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      KerasTensor indices = graph.placeholder("batch_indices", DType.INT32, Shape.of(batchSize));
      List<KerasTensor> xs = new ArrayList<>();
      for (int i = 0; i < xCount; i++) {
        xs.add(Ops.cast(batchOf(arrays.get(i), indices, signature.xSamples().get(i), batchSize), inputDtypes.get(i)));
      }
      List<KerasTensor> ys = new ArrayList<>();
      for (int i = xCount; i < yEnd; i++) {
        ys.add(batchOf(arrays.get(i), indices, signature.ySamples().get(i - xCount), batchSize));
      }
      List<KerasTensor> placeholders = new ArrayList<>(arrays);
      placeholders.add(indices);
      inputs.add(new StepInputs(List.copyOf(placeholders), List.copyOf(xs), List.copyOf(ys),
          weights == null ? null : batchOf(weights, indices, Shape.scalar(), batchSize)));
    }
    return List.copyOf(inputs);
  }

  /**
   * Traces the inputs of a step fed data that fits one batch: the arrays (inputs, targets, sample
   * weights) are fed as they are and are the batch, with no indices and no gather.
   */
  static StepInputs whole(ModelGraph graph, DataSignature signature, List<DType> inputDtypes) {
    if (signature.source() != null) {
      throw new IllegalArgumentException("A step fed whole arrays takes fed data, not a dataset read in the graph");
    }
    List<KerasTensor> arrays = arrayPlaceholders(graph, signature);
    int xCount = signature.xTypes().size();
    int yEnd = xCount + signature.yTypes().size();
    List<KerasTensor> xs = new ArrayList<>();
    for (int i = 0; i < xCount; i++) {
      xs.add(Ops.cast(arrays.get(i), inputDtypes.get(i)));
    }
    return new StepInputs(arrays, List.copyOf(xs), arrays.subList(xCount, yEnd),
        signature.weighted() ? arrays.get(yEnd) : null);
  }

  /** One placeholder per array of {@code signature}'s data, in feeding order: inputs, targets, sample weights. */
  private static List<KerasTensor> arrayPlaceholders(ModelGraph graph, DataSignature signature) {
    List<KerasTensor> arrays = new ArrayList<>();
    for (int i = 0; i < signature.xTypes().size(); i++) {
      arrays.add(graph.placeholder("x", signature.xTypes().get(i), signature.xSamples().get(i).prepend(Shape.UNKNOWN)));
    }
    for (int i = 0; i < signature.yTypes().size(); i++) {
      arrays.add(graph.placeholder("y", signature.yTypes().get(i), signature.ySamples().get(i).prepend(Shape.UNKNOWN)));
    }
    if (signature.weighted()) {
      arrays.add(graph.placeholder("sample_weight", DType.FLOAT32, Shape.of(Shape.UNKNOWN)));
    }
    return List.copyOf(arrays);
  }

  /**
   * The rows {@code indices} of {@code array}; with a static {@code batchSize}, reshaped to that
   * constant shape, because TensorFlow does not trust a fed placeholder's shape when it optimizes
   * the graph but does trust a reshape's.
   */
  private static KerasTensor batchOf(KerasTensor array, KerasTensor indices, Shape sample, int batchSize) {
    KerasTensor rows = Ops.take(array, indices);
    return batchSize < 0 || !sample.isFullyDefined() ? rows : Ops.reshape(rows, sample.prepend(batchSize).asArray());
  }

  /**
   * The inputs of an execution whose batches are read in the graph ({@link DataSignature#source()}):
   * no placeholders; each step reads its batch after the previous step's, so they come in order.
   */
  private static List<StepInputs> readInGraph(DataSignature signature, List<DType> inputDtypes, int steps) {
    int xCount = signature.xTypes().size();
    int yEnd = xCount + signature.yTypes().size();
    List<StepInputs> inputs = new ArrayList<>();
    List<KerasTensor> previous = List.of();
    for (int step = 0; step < steps; step++) {
      List<KerasTensor> batch = signature.source().next(previous);
      List<KerasTensor> xs = new ArrayList<>();
      for (int i = 0; i < xCount; i++) {
        xs.add(Ops.cast(batch.get(i), inputDtypes.get(i)));
      }
      KerasTensor weights = signature.weighted() ? Ops.cast(batch.get(yEnd), DType.FLOAT32) : null;
      inputs.add(new StepInputs(List.of(), List.copyOf(xs), List.copyOf(batch.subList(xCount, yEnd)), weights));
      previous = batch;
    }
    return List.copyOf(inputs);
  }

  /** The placeholders of an execution traced by {@link #traceExecution}: the arrays, then each step's indices. */
  static List<KerasTensor> placeholdersOf(List<StepInputs> execution) {
    if (execution.get(0).placeholders().isEmpty()) {
      return List.of();
    }
    List<KerasTensor> all = new ArrayList<>(execution.get(0).placeholders());
    for (int step = 1; step < execution.size(); step++) {
      List<KerasTensor> own = execution.get(step).placeholders();
      all.add(own.get(own.size() - 1));
    }
    return List.copyOf(all);
  }
}
