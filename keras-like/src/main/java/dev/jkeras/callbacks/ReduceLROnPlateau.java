package dev.jkeras.callbacks;

import dev.jkeras.optimizers.Optimizer;
import java.util.Map;

/**
 * Lowers the learning rate when a monitored quantity has stopped improving, as Keras's
 * {@code ReduceLROnPlateau}: {@code new ReduceLROnPlateau().factor(0.2).patience(5).minLr(0.001)}.
 *
 * <p>At each epoch end it logs the optimizer's current rate as {@code learning_rate} (so
 * {@link History} records it), then compares the monitored log with the best so far. After
 * {@code patience} epochs without an improvement by more than {@code minDelta}, the rate becomes
 * {@code max(lr * factor, minLr)} (if it is above {@code minLr}), and {@code cooldown} epochs pass
 * before counting again.
 *
 * <p>Defaults as in Keras: monitor {@code val_loss}, factor 0.1, patience 10, verbose 0, mode
 * {@code auto}, minDelta 1e-4, cooldown 0, minLr 0.
 */
public class ReduceLROnPlateau extends MonitorCallback {
  private double factor = 0.1;
  private int patience = 10;
  private int verbose;
  private int cooldown;
  private double minLr;

  private Double best;
  private int wait;
  private int cooldownCounter;

  public ReduceLROnPlateau() {
    super(1e-4);
  }

  /** The log to watch; default {@code val_loss}. */
  public ReduceLROnPlateau monitor(String monitor) {
    this.monitor = checkMonitor(monitor);
    return this;
  }

  /** What the rate is multiplied by, below 1; default 0.1. */
  public ReduceLROnPlateau factor(double factor) {
    if (!(factor < 1.0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=" + factor);
    }
    this.factor = factor;
    return this;
  }

  /** Epochs without improvement after which the rate is lowered; default 10. */
  public ReduceLROnPlateau patience(int patience) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    this.patience = patience;
    return this;
  }

  /** 1 prints each reduction; default 0. */
  public ReduceLROnPlateau verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code "auto"} (default), {@code "min"} or {@code "max"}, as for {@link EarlyStopping#mode}. */
  public ReduceLROnPlateau mode(String mode) {
    this.mode = parseMode(mode);
    return this;
  }

  /** The least change that counts as an improvement; default 1e-4. */
  public ReduceLROnPlateau minDelta(double minDelta) {
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /** Epochs to wait after a reduction before counting again; default 0. */
  public ReduceLROnPlateau cooldown(int cooldown) {
    if (cooldown < 0) {
      throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
    }
    this.cooldown = cooldown;
    return this;
  }

  /** The lowest rate it sets; default 0. */
  public ReduceLROnPlateau minLr(double minLr) {
    if (!(minLr >= 0)) {
      throw new IllegalArgumentException("minLr must be >= 0, got " + minLr);
    }
    this.minLr = minLr;
    return this;
  }

  /** Whether the last reduction's cooldown is still running. */
  public boolean inCooldown() {
    return cooldownCounter > 0;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    best = null;
    cooldownCounter = 0;
    wait = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    ensureDirection();
    Optimizer optimizer = model().optimizer();
    logs.put("learning_rate", optimizer.learningRate());
    Double current = monitorValue(logs, "Learning rate reduction is");
    if (current == null) {
      return;
    }
    if (inCooldown()) {
      cooldownCounter--;
      wait = 0;
    }
    if (isImprovement(current, best)) {
      best = current;
      wait = 0;
    } else if (!inCooldown()) {
      wait++;
      if (wait >= patience && reduce(optimizer, epoch)) {
        cooldownCounter = cooldown;
        wait = 0;
      }
    }
  }

  private boolean reduce(Optimizer optimizer, int epoch) {
    double oldLr = optimizer.learningRate();
    if (oldLr > (float) minLr) {
      double newLr = Math.max(oldLr * factor, minLr);
      optimizer.learningRate(newLr);
      if (verbose > 0) {
        System.out.println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
            + PythonFormat.repr(newLr) + ".");
      }
      return true;
    }
    return false;
  }
}
