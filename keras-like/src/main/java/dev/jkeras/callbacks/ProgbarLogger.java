package dev.jkeras.callbacks;

import dev.jkeras.utils.Progbar;
import java.util.Map;

/** Prints Keras's progress bar for fit, evaluate and predict; added by the model when verbose > 0. */
public class ProgbarLogger extends Callback {
  private Progbar progbar;
  private int target;
  private int verbose;
  private int epochs;
  private int seen;

  @Override
  public void setParams(Map<String, Object> params) {
    super.setParams(params);
    target = (Integer) params.getOrDefault("steps", -1);
    verbose = (Integer) params.getOrDefault("verbose", 1);
    epochs = (Integer) params.getOrDefault("epochs", 1);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (verbose > 0 && epochs > 0) {
      System.out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }
    start();
  }

  private void start() {
    progbar = new Progbar(target, verbose);
    seen = 0;
  }

  /** The step to end a bar at: the target, or the steps seen when the target is unknown. */
  private int last() {
    return target > 0 ? target : seen;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    progbar.update(seen, logs, false);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    progbar.update(last(), logs, true);
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    if (model() != null && progbarForEvaluation()) {
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
      seen = batch + 1;
      progbar.update(seen, logs, false);
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (progbarForEvaluation()) {
      progbar.update(last(), logs, true);
    }
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    start();
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    progbar.update(seen, Map.of(), false);
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    progbar.update(last(), Map.of(), true);
  }
}
