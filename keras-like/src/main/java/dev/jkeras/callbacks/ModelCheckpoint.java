package dev.jkeras.callbacks;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model (or its weights) during training, as Keras's {@code ModelCheckpoint}:
 * {@code new ModelCheckpoint("best.keras").saveBestOnly(true)}. The file path may hold Keras's
 * templates, filled from the epoch (1-based) and the logs: {@code weights.{epoch:02d}-{val_loss:.2f}.keras}.
 * Each file is written under a temporary name and moved into place.
 */
public class ModelCheckpoint extends Callback {
  private static final System.Logger LOG = System.getLogger(ModelCheckpoint.class.getName());

  private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");

  private final String filepath;
  private String monitor = "val_loss";
  private int verbose;
  private boolean saveBestOnly;
  private boolean saveWeightsOnly;
  private Mode mode = Mode.AUTO;
  private Integer saveFreqBatches;
  private Double best;
  private boolean warnedMissing;
  private int epoch;
  private int batchesSinceSave;
  /** The index of the last training batch seen (-1 before the first), to count the batches of each call. */
  private int lastBatch = -1;

  /** How "better" is decided for {@code saveBestOnly}. */
  public enum Mode { AUTO, MIN, MAX }

  public ModelCheckpoint(String filepath) {
    this.filepath = filepath;
  }

  /** The log watched for {@code saveBestOnly}; default {@code val_loss}. */
  public ModelCheckpoint monitor(String monitor) {
    this.monitor = monitor;
    return this;
  }

  public ModelCheckpoint verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** Saves only when the monitored value improves on the best so far. */
  public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
    this.saveBestOnly = saveBestOnly;
    return this;
  }

  /** Saves {@code model.saveWeights} files instead of whole {@code .keras} models. */
  public ModelCheckpoint saveWeightsOnly(boolean saveWeightsOnly) {
    this.saveWeightsOnly = saveWeightsOnly;
    return this;
  }

  /** {@code "auto"} (max for accuracy-like logs, else min), {@code "min"} or {@code "max"}. */
  public ModelCheckpoint mode(String mode) {
    this.mode = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    return this;
  }

  /** {@code "epoch"} (default): save at each epoch end. */
  public ModelCheckpoint saveFreq(String saveFreq) {
    if (!saveFreq.equals("epoch")) {
      throw new IllegalArgumentException("saveFreq must be \"epoch\" or a number of batches, got \"" + saveFreq + "\"");
    }
    this.saveFreqBatches = null;
    return this;
  }

  /** Save every {@code batches} training batches instead of at epoch ends. */
  public ModelCheckpoint saveFreq(int batches) {
    if (batches <= 0) {
      throw new IllegalArgumentException("saveFreq must be a positive number of batches, got " + batches);
    }
    this.saveFreqBatches = batches;
    return this;
  }

  /** The best monitored value seen so far, or null. */
  public Double best() {
    return best;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    boolean keras = filepath.endsWith(".keras");
    if (!saveWeightsOnly && !keras) {
      throw new IllegalArgumentException("The filepath provided must end in `.keras` (Keras model format). "
          + "Received: filepath=" + filepath + ". Or use saveWeightsOnly(true) to save weights alone.");
    }
    if (saveWeightsOnly && keras) {
      throw new IllegalArgumentException("With saveWeightsOnly(true) the filepath must not end in `.keras` "
          + "(use e.g. `.weights.h5`). Received: filepath=" + filepath);
    }
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    this.epoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (saveFreqBatches == null) {
      return;
    }
    // As Keras: with several batches per session run, one call ends several batches; a smaller
    // index than the last one starts a new epoch.
    batchesSinceSave += batch <= lastBatch ? batch + 1 : batch - lastBatch;
    lastBatch = batch;
    if (batchesSinceSave >= saveFreqBatches) {
      batchesSinceSave = 0;
      save(epoch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (saveFreqBatches == null) {
      save(epoch, logs);
    }
  }

  private void save(int epoch, Map<String, Double> logs) {
    String path = format(filepath, epoch, logs);
    if (saveBestOnly) {
      Double current = logs.get(monitor);
      if (current == null) {
        if (!warnedMissing) {
          LOG.log(System.Logger.Level.WARNING, "Can save best model only with " + monitor + " available, skipping. "
              + "Available logs: " + logs.keySet());
          warnedMissing = true;
        }
        return;
      }
      if (best != null && !improves(current, best)) {
        if (verbose > 0) {
          System.out.printf("%nEpoch %d: %s did not improve from %.5f%n", epoch + 1, monitor, best);
        }
        return;
      }
      if (verbose > 0) {
        System.out.printf("%nEpoch %d: %s improved from %s to %.5f, saving model to %s%n", epoch + 1, monitor,
            best == null ? "inf" : String.format("%.5f", best), current, path);
      }
      best = current;
    } else if (verbose > 0) {
      System.out.printf("%nEpoch %d: saving model to %s%n", epoch + 1, path);
    }
    if (saveWeightsOnly) {
      model().saveWeights(Path.of(path));
    } else {
      model().save(Path.of(path));
    }
  }

  private boolean improves(double current, double reference) {
    boolean max = mode == Mode.MAX || mode == Mode.AUTO && (monitor.contains("acc") || monitor.startsWith("fmeasure")
        || monitor.contains("auc"));
    return max ? current > reference : current < reference;
  }

  /** Fills {@code {epoch}} (1-based) and {@code {log_name}} fields, with Python format specs such as {@code 02d} or {@code .2f}. */
  static String format(String template, int epoch, Map<String, Double> logs) {
    Matcher matcher = FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String spec = matcher.group(2);
      Object value;
      if (name.equals("epoch")) {
        value = epoch + 1;
      } else if (logs.containsKey(name)) {
        value = logs.get(name);
      } else {
        throw new IllegalArgumentException("Failed to format the checkpoint file path \"" + template + "\": no '"
            + name + "' in the logs, which hold " + logs.keySet() + " (and epoch)");
      }
      String formatted;
      if (spec == null || spec.isEmpty()) {
        formatted = String.valueOf(value);
      } else if (spec.endsWith("d")) {
        formatted = String.format(Locale.ROOT, "%" + spec, ((Number) value).longValue());
      } else {
        formatted = String.format(Locale.ROOT, "%" + spec, ((Number) value).doubleValue());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(formatted));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
