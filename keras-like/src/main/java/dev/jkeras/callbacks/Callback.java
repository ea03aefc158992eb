package dev.jkeras.callbacks;

import dev.jkeras.models.Model;
import java.util.Map;

/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict}, as Keras's {@code Callback}.
 * Every method does nothing by default; {@code logs} hold the metric values Keras would pass.
 */
public abstract class Callback {
  private Model model;
  private Map<String, Object> params = Map.of();

  /** Called by the model before training, evaluation or prediction starts. */
  public void setModel(Model model) {
    this.model = model;
  }

  public Model model() {
    return model;
  }

  /** Training parameters: {@code epochs}, {@code steps}, {@code verbose}. */
  public void setParams(Map<String, Object> params) {
    this.params = Map.copyOf(params);
  }

  public Map<String, Object> params() {
    return params;
  }

  public void onTrainBegin(Map<String, Double> logs) {}

  public void onTrainEnd(Map<String, Double> logs) {}

  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

  public void onTestBegin(Map<String, Double> logs) {}

  public void onTestEnd(Map<String, Double> logs) {}

  public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

  public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

  public void onPredictBegin(Map<String, Double> logs) {}

  public void onPredictEnd(Map<String, Double> logs) {}

  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
