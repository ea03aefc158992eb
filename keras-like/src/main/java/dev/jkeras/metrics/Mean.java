package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import java.util.List;

/** The running mean of values, optionally weighted. */
public class Mean extends Metric {
  private Variable total;
  private Variable count;

  public Mean(String name) {
    super(name);
  }

  @Override
  protected void buildState() {
    total = addVariable("total", Shape.scalar());
    count = addVariable("count", Shape.scalar());
  }

  /** Adds {@code value * weight} to the total and {@code weight} to the count. */
  public List<Update> updateWeighted(KerasTensor value, KerasTensor weight) {
    ensureState();
    return List.of(
        total.assignAdd(Ops.multiply(Ops.cast(value, DType.FLOAT32), Ops.cast(weight, DType.FLOAT32))),
        count.assignAdd(Ops.cast(weight, DType.FLOAT32)));
  }

  /**
   * Folds per-sample {@code values} in: values with more than one axis are first averaged over the
   * non-batch axes, as Keras reduces to sample-wise values.
   */
  public List<Update> updateValues(KerasTensor values) {
    ensureState();
    KerasTensor samples = Ops.cast(values, DType.FLOAT32);
    if (samples.rank() > 1) {
      int[] inner = new int[samples.rank() - 1];
      for (int i = 0; i < inner.length; i++) {
        inner[i] = i + 1;
      }
      samples = Ops.mean(samples, inner);
    }
    KerasTensor n = samples.rank() == 0
        ? Ops.scalar(1, DType.FLOAT32)
        : Ops.cast(Ops.take(Ops.shape(samples), Ops.scalar(0, DType.INT32)), DType.FLOAT32);
    return List.of(total.assignAdd(Ops.sum(samples)), count.assignAdd(n));
  }

  /**
   * As {@link #updateValues(KerasTensor)} with each sample's value counted {@code sampleWeight}
   * times (shape {@code (batch,)}; null for 1): the total grows by {@code sum(w * value)} and the
   * count by {@code sum(w)}, as Keras's {@code Mean.update_state(values, sample_weight)}.
   */
  public List<Update> updateValues(KerasTensor values, KerasTensor sampleWeight) {
    if (sampleWeight == null) {
      return updateValues(values);
    }
    ensureState();
    KerasTensor weights = Ops.cast(sampleWeight, DType.FLOAT32);
    KerasTensor floats = Ops.cast(values, DType.FLOAT32);
    if (weights.rank() > 1 && floats.rank() >= weights.rank()) {
      return updateWithStepWeights(floats, weights);
    }
    KerasTensor samples = samplewise(floats);
    if (weights.rank() == samples.rank() + 1 && weights.rank() > 0) {
      weights = Ops.squeeze(weights, -1);
    }
    return List.of(total.assignAdd(Ops.sum(Ops.multiply(samples, weights))), count.assignAdd(Ops.sum(weights)));
  }

  /**
   * Weights of rank 2 or more (one per sample and step, as a mask gives), as Keras's
   * {@code reduce_to_samplewise_values}: values are averaged down to the weights' rank and weighted;
   * each sample then adds the mean of its weighted values to the total and the mean of its weights
   * to the count, so the result is {@code sum(w * value) / sum(w)} over every step.
   */
  private List<Update> updateWithStepWeights(KerasTensor values, KerasTensor weights) {
    if (values.rank() > weights.rank()) {
      values = Ops.mean(values, range(weights.rank(), values.rank()));
    }
    KerasTensor broadcast = Ops.add(Ops.zeros(Ops.shape(values), DType.FLOAT32), weights);
    KerasTensor weighted = samplewise(Ops.multiply(values, broadcast));
    KerasTensor perSample = samplewise(broadcast);
    return List.of(total.assignAdd(Ops.sum(weighted)), count.assignAdd(Ops.sum(perSample)));
  }

  private static int[] range(int from, int to) {
    int[] axes = new int[to - from];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = from + i;
    }
    return axes;
  }

  /** Per-sample values: the mean over every axis but the first. */
  static KerasTensor samplewise(KerasTensor values) {
    if (values.rank() <= 1) {
      return values;
    }
    int[] inner = new int[values.rank() - 1];
    for (int i = 0; i < inner.length; i++) {
      inner[i] = i + 1;
    }
    return Ops.mean(values, inner);
  }

  @Override
  protected KerasTensor compute() {
    return Ops.divideNoNan(total.value(), count.value());
  }
}
