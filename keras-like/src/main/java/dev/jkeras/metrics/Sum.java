package dev.jkeras.metrics;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Update;
import dev.jkeras.backend.Variable;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import dev.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras's {@code Sum}: the running (weighted) sum of values, updated with {@link #updateValues}. */
public class Sum extends Metric implements KerasSerializable {
  private Variable total;

  public Sum() {
    this("sum");
  }

  public Sum(String name) {
    super(name);
  }

  @Override
  protected void buildState() {
    total = addVariable("total", Shape.scalar());
  }

  /** Adds every value (no weights). */
  public List<Update> updateValues(KerasTensor values) {
    return updateValues(values, null);
  }

  /**
   * Adds {@code sum(values * sampleWeight)}: weights (null for 1) of shape {@code (batch,)} weigh
   * each sample's values, or weights of the values' shape weigh each value, as Keras's {@code Sum}.
   */
  public List<Update> updateValues(KerasTensor values, KerasTensor sampleWeight) {
    ensureState();
    KerasTensor floats = Ops.cast(values, DType.FLOAT32);
    if (sampleWeight == null) {
      return List.of(total.assignAdd(Ops.sum(floats)));
    }
    KerasTensor[] same = MetricFunctions.sameRank(floats, Ops.cast(sampleWeight, DType.FLOAT32));
    KerasTensor v = same[0];
    KerasTensor w = same[1];
    if (v.rank() > w.rank()) {
      int[] inner = new int[v.rank() - w.rank()];
      for (int i = 0; i < inner.length; i++) {
        inner[i] = w.rank() + i;
      }
      v = Ops.sum(v, inner);
    }
    return List.of(total.assignAdd(Ops.sum(Ops.multiply(v, w))));
  }

  @Override
  protected KerasTensor compute() {
    return total.value();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("dtype", "float32");
    return config;
  }

  public static Sum fromConfig(Config config) {
    return new Sum(config.getString("name", "sum"));
  }
}
