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

  @Override
  protected KerasTensor compute() {
    return Ops.divideNoNan(total.value(), count.value());
  }
}
