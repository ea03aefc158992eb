package dev.jkeras.callbacks;

import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras's {@code EarlyStopping}:
 * {@code new EarlyStopping().patience(10).restoreBestWeights(true)}.
 *
 * <p>At each epoch end (from {@code startFromEpoch} on) the monitored log is compared with the best
 * so far; an improvement by more than {@code minDelta} resets the wait (if it also beats
 * {@code baseline}, when one is set). Once {@code patience} epochs pass without one, training stops
 * after that epoch. With {@code restoreBestWeights(true)} the weights of the best epoch are put back
 * when training ends, whether it stopped early or ran all its epochs (Keras 3's behaviour). The
 * callback may be reused: each {@code fit} starts afresh.
 *
 * <p>Defaults as in Keras: monitor {@code val_loss}, minDelta 0, patience 0, verbose 0, mode
 * {@code auto}, no baseline, restoreBestWeights false, startFromEpoch 0.
 */
public class EarlyStopping extends MonitorCallback {
  private int patience;
  private int verbose;
  private Double baseline;
  private boolean restoreBestWeights;
  private int startFromEpoch;

  private int wait;
  private int stoppedEpoch;
  private Double best;
  private int bestEpoch;
  private List<NdArray<?>> bestWeights;

  public EarlyStopping() {
    super(0);
  }

  /** The log to watch; default {@code val_loss}. */
  public EarlyStopping monitor(String monitor) {
    this.monitor = checkMonitor(monitor);
    return this;
  }

  /** The least change that counts as an improvement (its absolute value); default 0. */
  public EarlyStopping minDelta(double minDelta) {
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /** Epochs without improvement after which training stops; default 0. */
  public EarlyStopping patience(int patience) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    this.patience = patience;
    return this;
  }

  /** 1 prints when it stops and when it restores weights; default 0. */
  public EarlyStopping verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /**
   * {@code "min"}, {@code "max"} or {@code "auto"} (default: {@code loss} and error metrics are
   * minimized, accuracy-like ones maximized; other logs need an explicit mode).
   */
  public EarlyStopping mode(String mode) {
    this.mode = parseMode(mode);
    return this;
  }

  /** A value the monitored quantity must beat for the wait to reset; default none. */
  public EarlyStopping baseline(double baseline) {
    this.baseline = baseline;
    return this;
  }

  /** Whether to put back the weights of the best epoch when training ends; default false. */
  public EarlyStopping restoreBestWeights(boolean restoreBestWeights) {
    this.restoreBestWeights = restoreBestWeights;
    return this;
  }

  /** Epochs (0-based) to let pass before watching at all, a warm-up; default 0. */
  public EarlyStopping startFromEpoch(int startFromEpoch) {
    if (startFromEpoch < 0) {
      throw new IllegalArgumentException("startFromEpoch must be >= 0, got " + startFromEpoch);
    }
    this.startFromEpoch = startFromEpoch;
    return this;
  }

  /** The epoch (0-based) after which training was stopped, or 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The best monitored value seen in the last fit, or null. */
  public Double best() {
    return best;
  }

  /** The epoch (0-based) of the best value. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Epochs since the last improvement. */
  public int waitCount() {
    return wait;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    wait = 0;
    stoppedEpoch = 0;
    best = null;
    bestWeights = null;
    bestEpoch = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    ensureDirection();
    Double current = monitorValue(logs, "Early stopping");
    if (current == null || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      // Until something improves, the weights at the first watched epoch are the best.
      bestWeights = model().getWeights();
      bestEpoch = epoch;
    }
    wait++;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = model().getWeights();
      }
      if (baseline == null || isImprovement(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      model().stopTraining(true);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    if (restoreBestWeights && bestWeights != null) {
      if (verbose > 0) {
        System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
      }
      model().setWeights(bestWeights);
    }
  }

  @Override
  public String toString() {
    return "EarlyStopping(monitor=" + monitor + ", min_delta=" + minDelta + ", patience=" + patience
        + ", mode=" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", baseline=" + baseline
        + ", restore_best_weights=" + restoreBestWeights + ", start_from_epoch=" + startFromEpoch + ")";
  }
}
