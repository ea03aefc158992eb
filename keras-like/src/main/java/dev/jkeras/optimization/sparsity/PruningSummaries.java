package dev.jkeras.optimization.sparsity;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.SummaryWriter;
import dev.jkeras.backend.Variable;
import dev.jkeras.callbacks.TensorBoard;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * TensorBoard logs with the pruning figures, as tfmot's {@code PruningSummaries(log_dir)}: besides
 * {@link TensorBoard}'s own logs, at the start of each epoch it writes, for every pruned weight, the
 * mask's sparsity ({@code <mask>/sparsity}, 1 - the mask's mean) and the threshold ({@code
 * <threshold>/threshold}) at the optimizer's step, into {@code <logDir>/metrics}.
 */
public class PruningSummaries extends TensorBoard {
  private final Path metricsDir;
  private SummaryWriter writer;

  public PruningSummaries(String logDir) {
    super(checked(logDir));
    this.metricsDir = Path.of(logDir).resolve("metrics");
  }

  private static String checked(String logDir) {
    if (logDir == null || logDir.isEmpty()) {
      throw new IllegalArgumentException("`log_dir` must be a non-empty string. You passed `log_dir`=" + logDir
          + ". Give the directory for the TensorBoard logs.");
    }
    return logDir;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    super.onEpochBegin(epoch, logs);
    long step = model().optimizer().iterations();
    for (PruneLowMagnitude layer : UpdatePruningStep.collect(model())) {
      if (!layer.isBuilt()) {
        continue;
      }
      for (int i = 0; i < layer.masks().size(); i++) {
        Variable mask = layer.masks().get(i);
        Variable threshold = layer.thresholds().get(i);
        metrics().scalar(mask.name() + "/sparsity", step, 1 - mean((FloatNdArray) mask.read()));
        metrics().scalar(threshold.name() + "/threshold", step, ((Number) threshold.read().getObject()).doubleValue());
      }
    }
  }

  private SummaryWriter metrics() {
    if (writer == null) {
      writer = Backends.get().summaries().writer(metricsDir);
    }
    return writer;
  }

  private static double mean(FloatNdArray values) {
    double[] sum = {0};
    values.scalars().forEach(s -> sum[0] += s.getFloat());
    return sum[0] / values.size();
  }

  @Override
  public void close() {
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      writer = null;
      super.close();
    }
  }
}
