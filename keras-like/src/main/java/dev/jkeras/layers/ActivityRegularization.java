package dev.jkeras.layers;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.Map;

/**
 * Passes its inputs through and adds a penalty on them to the training loss, as
 * {@code keras.layers.ActivityRegularization}: {@code (l1 * sum(|x|) + l2 * sum(x^2)) / batchSize},
 * Keras 3's activity regularization (normalized by the batch size).
 */
public class ActivityRegularization extends Layer {
  private final double l1;
  private final double l2;

  /** {@code l1}, {@code l2}: the non-negative factors of the penalty; Keras's defaults are 0. */
  public ActivityRegularization(double l1, double l2) {
    for (double factor : new double[] {l1, l2}) {
      if (!(factor >= 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("ActivityRegularization layer \"" + name() + "\": the regularization "
            + "factors must be finite and non-negative, got l1=" + l1 + ", l2=" + l2);
      }
    }
    this.l1 = l1;
    this.l2 = l2;
  }

  /** No penalty, Keras's defaults ({@code l1 = l2 = 0}). */
  public ActivityRegularization() {
    this(0, 0);
  }

  public double l1() {
    return l1;
  }

  public double l2() {
    return l2;
  }

  @Override
  public ActivityRegularization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ActivityRegularization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  protected KerasTensor call(KerasTensor inputs, boolean training) {
    KerasTensor x = Ops.cast(inputs, DType.FLOAT32);
    KerasTensor penalty = Ops.scalar(0, DType.FLOAT32);
    if (l1 != 0) {
      penalty = Ops.add(penalty, Ops.multiply(perSample(Ops.abs(x)), l1));
    }
    if (l2 != 0) {
      penalty = Ops.add(penalty, Ops.multiply(perSample(Ops.square(x)), l2));
    }
    addLoss(penalty);
    return inputs;
  }

  /** The sum of {@code values}, divided by the batch size when they have a batch axis: a mean of per-sample sums. */
  private static KerasTensor perSample(KerasTensor values) {
    if (values.rank() <= 1) {
      return values.rank() == 0 ? values : Ops.mean(values);
    }
    int[] rest = new int[values.rank() - 1];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = i + 1;
    }
    return Ops.mean(Ops.sum(values, rest));
  }

  public static ActivityRegularization fromConfig(Config config) {
    return new ActivityRegularization(config.getDouble("l1", 0), config.getDouble("l2", 0));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.put("l1", l1);
    config.put("l2", l2);
    return config;
  }
}
