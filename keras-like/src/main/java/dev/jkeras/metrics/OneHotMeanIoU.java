package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.Map;

/** Keras's {@code OneHotMeanIoU}: {@link MeanIoU} for one-hot targets (their arg-max along {@code axis}). */
public class OneHotMeanIoU extends MeanIoU {
  public OneHotMeanIoU(int numClasses) {
    this(numClasses, "one_hot_mean_io_u");
  }

  public OneHotMeanIoU(int numClasses, String name) {
    super(numClasses, name);
    super.sparseYTrue(false);
    super.sparseYPred(false);
  }

  /** One-hot targets are never sparse. */
  @Override
  public OneHotMeanIoU sparseYTrue(boolean sparse) {
    if (sparse) {
      throw new IllegalArgumentException("Metric '" + name() + "' takes one-hot targets; use MeanIoU for class ids");
    }
    return this;
  }

  @Override
  boolean canSetSparseYTrue() {
    return false;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = super.getConfig();
    config.remove("sparse_y_true");
    return config;
  }

  public static OneHotMeanIoU fromConfig(Config config) {
    return configure(new OneHotMeanIoU(numClasses(config, "OneHotMeanIoU"),
        config.getString("name", "one_hot_mean_io_u")), config);
  }
}
