package dev.jkeras.metrics;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.Ops;
import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code BinaryIoU}: the {@link IoU} of two classes, a prediction at or above {@code threshold}
 * (0.5) being class 1; {@code targetClassIds} {0, 1} (the default) averages both, {1} or {0} scores one.
 */
public class BinaryIoU extends IoU {
  private double threshold = 0.5;

  public BinaryIoU() {
    this(0, 1);
  }

  public BinaryIoU(int... targetClassIds) {
    this("binary_io_u", targetClassIds);
  }

  public BinaryIoU(String name, int... targetClassIds) {
    super(name, 2, targetClassIds);
  }

  /** Predictions at or above this are class 1. */
  public BinaryIoU threshold(double threshold) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("Metric '" + name() + "': threshold must be a finite number, got "
          + threshold);
    }
    this.threshold = threshold;
    return this;
  }

  @Override
  KerasTensor predictedClasses(KerasTensor yPred) {
    return Ops.greaterEqual(Ops.cast(yPred, dev.jkeras.DType.FLOAT32), threshold);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("target_class_ids", targetClassIdList());
    config.put("threshold", threshold);
    config.put("name", name());
    config.put("dtype", dtypeName());
    return config;
  }

  public static BinaryIoU fromConfig(Config config) {
    int[] ids = config.get("target_class_ids") instanceof java.util.List<?> ? config.getIntArray("target_class_ids")
        : new int[] {0, 1};
    BinaryIoU metric = new BinaryIoU(config.getString("name", "binary_io_u"), ids);
    metric.dtype(config.getString("dtype", "int32"));
    return metric.threshold(config.getDouble("threshold", 0.5));
  }
}
