package dev.jkeras.metrics;

import dev.jkeras.saving.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Keras's {@code MeanIoU}: the {@link IoU} averaged over all {@code numClasses} classes, the usual
 * score of semantic segmentation (targets and predictions: class ids, or scores with
 * {@code sparseYPred(false)}, of any shape).
 */
public class MeanIoU extends IoU {
  public MeanIoU(int numClasses) {
    this(numClasses, "mean_io_u");
  }

  public MeanIoU(int numClasses, String name) {
    super(name, numClasses, IntStream.range(0, Math.max(numClasses, 1)).toArray());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>(super.getConfig());
    config.remove("target_class_ids");
    return config;
  }

  public static MeanIoU fromConfig(Config config) {
    return configure(new MeanIoU(numClasses(config, "MeanIoU"), config.getString("name", "mean_io_u")), config);
  }
}
