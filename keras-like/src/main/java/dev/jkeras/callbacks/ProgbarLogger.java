package dev.jkeras.callbacks;

import dev.jkeras.utils.Progbar;
import dev.jkeras.utils.ProgbarStyle;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Prints Keras's progress bar for fit, evaluate and predict; added by the model when verbose > 0.
 * Pass {@code new ProgbarLogger(ProgbarStyle.TF_KERAS_2)} among the callbacks for tf.keras 2's bar.
 */
public class ProgbarLogger extends Callback {
  private final ProgbarStyle style;
  private final PrintStream out;
  private final boolean dynamic;
  private final LongSupplier nanoTime;
  private Progbar progbar;
  private int target;
  private int verbose;
  private int epochs;
  private int seen;

  /** Keras 3's bar. */
  public ProgbarLogger() {
    this(ProgbarStyle.KERAS_3);
  }

  /** A bar in {@code style}: Keras 3's or tf.keras 2's. */
  public ProgbarLogger(ProgbarStyle style) {
    this(style, System.out);
  }

  private ProgbarLogger(ProgbarStyle style, PrintStream out) {
    this(style, out, out == System.out && Progbar.isInteractive(), System::nanoTime);
  }

  /** A bar in {@code style} on {@code out}, redrawn in place as {@code dynamic} says, with its own clock. */
  ProgbarLogger(ProgbarStyle style, PrintStream out, boolean dynamic, LongSupplier nanoTime) {
    this.style = Objects.requireNonNull(style, "style");
    this.out = Objects.requireNonNull(out, "out");
    this.dynamic = dynamic;
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The style of the bars this logger prints. */
  public ProgbarStyle style() {
    return style;
  }

  @Override
  public void setParams(Map<String, Object> params) {
    super.setParams(params);
    target = (Integer) params.getOrDefault("steps", -1);
    verbose = (Integer) params.getOrDefault("verbose", 1);
    epochs = (Integer) params.getOrDefault("epochs", 1);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    start();
    if (verbose > 0 && (epochs > 1 || epochs > 0 && style.announcesSingleEpoch())) {
      out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }
  }

  private void startIfNeeded() {
    if (progbar == null) {
      start();
    }
  }

  private void start() {
    progbar = new Progbar(target, verbose, out, dynamic, nanoTime, style);
    seen = 0;
  }

  private void step(int batch, Map<String, Double> logs) {
    startIfNeeded();
    seen = batch + 1;
    if (verbose == 1) {
      progbar.update(seen, shown(logs), false);
    }
  }

  /** The last update; a target unknown so far becomes the steps seen, for this bar and the next ones. */
  private void finish(Map<String, Double> logs) {
    startIfNeeded();
    if (target <= 0) {
      target = seen;
      progbar.setTarget(target);
    }
    progbar.update(target, shown(logs), true);
  }

  /** Keras 3's callbacks receive the logs sorted by name; tf.keras 2's in the model's order. */
  private Map<String, Double> shown(Map<String, Double> logs) {
    if (logs == null) {
      return Map.of();
    }
    return style.sortsLogs() ? new TreeMap<>(logs) : logs;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    step(batch, logs);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    finish(logs);
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    if (progbarForEvaluation()) {
      start();
    }
  }

  /** Inside fit, validation runs without a bar of its own, as in Keras. */
  private boolean progbarForEvaluation() {
    return !params().containsKey("epochs");
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    if (progbarForEvaluation()) {
      step(batch, logs);
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (progbarForEvaluation()) {
      finish(logs);
    }
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    start();
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    step(batch, Map.of());
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    finish(Map.of());
  }
}
