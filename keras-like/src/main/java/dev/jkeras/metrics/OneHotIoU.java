package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras's {@code OneHotIoU}: {@link IoU} for one-hot targets (their arg-max along {@code axis}). */
public class OneHotIoU extends IoU {
  public OneHotIoU(int numClasses, int... targetClassIds) {
    this("one_hot_io_u", numClasses, targetClassIds);
  }

  public OneHotIoU(String name, int numClasses, int... targetClassIds) {
    super(name, numClasses, targetClassIds);
    super.sparseYTrue(false);
    super.sparseYPred(false);
  }

  /** One-hot targets are never sparse. */
  @Override
  public OneHotIoU sparseYTrue(boolean sparse) {
    if (sparse) {
      throw new IllegalArgumentException("Metric '" + name() + "' takes one-hot targets; use IoU for class ids");
    }
    return this;
  }

  @Override
  boolean canSetSparseYTrue() {
    return false;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>(super.getConfig());
    config.remove("sparse_y_true");
    return config;
  }

  public static OneHotIoU fromConfig(Config config) {
    return configure(new OneHotIoU(config.getString("name", "one_hot_io_u"), numClasses(config, "OneHotIoU"),
        targetClassIds(config, "OneHotIoU")), config);
  }
}
