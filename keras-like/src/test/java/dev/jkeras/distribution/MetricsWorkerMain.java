package dev.jkeras.distribution;

import dev.jkeras.callbacks.LambdaCallback;
import dev.jkeras.data.Dataset;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.ndarray.index.Indices;

/**
 * One worker of the aggregated-logs tests, run in its own JVM with {@code TF_CONFIG} set: fits
 * {@link TinyMlp} (MSE, metric MAE) under a {@link MultiWorkerMirroredStrategy}, then evaluates it,
 * and writes every epoch's logs and the evaluation's results ({@link #logLines}). A watchdog halts it
 * after {@code lifetimeSeconds} (exit 3).
 *
 * <p>Arguments: logs file, epochs, collective timeout (s), lifetime (s), and {@code dataset} to fit and
 * evaluate on {@link Dataset}s of the same batches instead of arrays (sharded automatically).
 */
public final class MetricsWorkerMain {
  private MetricsWorkerMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int timeout = Integer.parseInt(args[2]);
    int lifetime = Integer.parseInt(args[3]);
    WorkerLife.live(lifetime, () -> {
      Distribution.setDistribution(new MultiWorkerMirroredStrategy().withTimeoutSeconds(timeout));
      StringBuilder lines = new StringBuilder();
      Sequential model = TinyMlp.model(7);
      if (args.length > 4 && args[4].equals("dataset")) {
        fitAndEvaluateDatasets(model, epochs, lines);
      } else {
        fitAndEvaluate(model, epochs, lines);
      }
      lines.append("weights ").append(TinyMlp.bits(model.getWeights()).replace('\n', '|')).append('\n');
      Path staging = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(staging, lines);
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      return "WORKER DONE";
    });
  }

  /**
   * Compiles {@code model} (SGD, MSE, MAE), fits it without shuffling in global batches and
   * validating on the first {@link #PART} samples, and evaluates it on the same data; appends one line
   * per epoch ({@code epoch 0 loss=... mae=... val_loss=... val_mae=...}) and
   * one for the evaluation ({@code evaluate loss=... mae=...}), then one for an evaluation of the first
   * {@link #PART} samples, to {@code lines}.
   */
  static void fitAndEvaluate(Sequential model, int epochs, StringBuilder lines) {
    model.compile(new SGD(TinyMlp.LEARNING_RATE), "mse", "mae");
    model.fit(TinyMlp.x(), TinyMlp.y(), fit -> fit.epochs(epochs).batchSize(TinyMlp.GLOBAL_BATCH).shuffle(false)
        .validationData(TinyMlp.x().slice(Indices.range(0, PART)), TinyMlp.y().slice(Indices.range(0, PART)))
        .verbose(0).callbacks(new LambdaCallback().onEpochEnd((epoch, logs) ->
            lines.append("epoch ").append(epoch).append(logLine(logs)).append('\n'))));
    Map<String, Double> results = model.evaluate(TinyMlp.x(), TinyMlp.y(), e -> e.batchSize(TinyMlp.GLOBAL_BATCH));
    lines.append("evaluate").append(logLine(results)).append('\n');
    // 49 samples: a last global batch of one sample, which worker 1 evaluates and worker 0 gets none of.
    Map<String, Double> part = model.evaluate(TinyMlp.x().slice(Indices.range(0, PART)),
        TinyMlp.y().slice(Indices.range(0, PART)), e -> e.batchSize(TinyMlp.GLOBAL_BATCH));
    lines.append("evaluate_").append(PART).append(logLine(part)).append('\n');
  }

  /** As {@link #fitAndEvaluate}, on datasets of the same global batches ({@code fromTensorSlices(x, y).batch(16)}). */
  static void fitAndEvaluateDatasets(Sequential model, int epochs, StringBuilder lines) {
    model.compile(new SGD(TinyMlp.LEARNING_RATE), "mse", "mae");
    model.fit(batches(TinyMlp.SAMPLES), fit -> fit.epochs(epochs).validationData(batches(PART)).verbose(0)
        .callbacks(new LambdaCallback().onEpochEnd((epoch, logs) ->
            lines.append("epoch ").append(epoch).append(logLine(logs)).append('\n'))));
    lines.append("evaluate").append(logLine(model.evaluate(batches(TinyMlp.SAMPLES)))).append('\n');
    lines.append("evaluate_").append(PART).append(logLine(model.evaluate(batches(PART)))).append('\n');
  }

  private static Dataset batches(int samples) {
    return Dataset.fromTensorSlices(TinyMlp.x().slice(Indices.range(0, samples)),
        TinyMlp.y().slice(Indices.range(0, samples))).batch(TinyMlp.GLOBAL_BATCH);
  }

  /** The samples of the second evaluation: 3 global batches and one of a single sample. */
  static final int PART = 3 * TinyMlp.GLOBAL_BATCH + 1;

  private static String logLine(Map<String, ? extends Number> logs) {
    StringBuilder line = new StringBuilder();
    new TreeMap<>(logs).forEach((k, v) -> line.append(' ').append(k).append('=').append(v.doubleValue()));
    return line.toString();
  }
}
