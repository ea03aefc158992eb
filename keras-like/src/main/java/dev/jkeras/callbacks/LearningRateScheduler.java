package dev.jkeras.callbacks;

import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate at the start of every epoch from a schedule, as Keras's
 * {@code LearningRateScheduler}: {@code new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))}.
 * At each epoch end it logs the optimizer's rate as {@code learning_rate}.
 */
public class LearningRateScheduler extends Callback {
  /** A schedule: the rate for an epoch (0-based), given the current rate. */
  @FunctionalInterface
  public interface Schedule {
    double apply(int epoch, double learningRate);
  }

  private final Schedule schedule;
  private int verbose;

  /** A schedule of the epoch (0-based) and the current learning rate. */
  public LearningRateScheduler(Schedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("LearningRateScheduler needs a schedule, e.g. (epoch, lr) -> lr * 0.9");
    }
    this.schedule = schedule;
  }

  /** A schedule of the epoch alone, Keras's older form {@code schedule(epoch)}. */
  public LearningRateScheduler(IntToDoubleFunction schedule) {
    this(epochOnly(schedule));
  }

  private static Schedule epochOnly(IntToDoubleFunction schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("LearningRateScheduler needs a schedule, e.g. epoch -> 0.01");
    }
    return (epoch, lr) -> schedule.applyAsDouble(epoch);
  }

  /** 1 prints each rate set; default 0. */
  public LearningRateScheduler verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    var optimizer = model().optimizer();
    double learningRate = schedule.apply(epoch, optimizer.learningRate());
    if (Double.isNaN(learningRate) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("The output of the schedule function should be a finite number. Got: "
          + learningRate + " at epoch " + epoch);
    }
    optimizer.learningRate(learningRate);
    if (verbose > 0) {
      System.out.println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to "
          + PythonFormat.repr(learningRate) + ".");
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", model().optimizer().learningRate());
  }
}
