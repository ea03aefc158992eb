package dev.jkeras.callbacks;

import dev.jkeras.models.Model;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.NdArray;

/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict}, as Keras's {@code Callback}. Every
 * method does nothing by default; override the ones you need.
 *
 * <p>The hooks are called as Keras 3 calls them:
 * <ul>
 *   <li>{@code fit}: {@link #onTrainBegin} (empty logs), then per epoch {@link #onEpochBegin} (empty),
 *       per batch {@link #onTrainBatchBegin} (empty) and {@link #onTrainBatchEnd} (the running
 *       {@code loss} and metrics of the epoch), validation as {@code evaluate} on the same callbacks
 *       ({@code onTestBegin} ... {@code onTestEnd}), then {@link #onEpochEnd} (the epoch's logs with
 *       {@code val_} ones added), and at last {@link #onTrainEnd} (the last epoch's logs).</li>
 *   <li>{@code evaluate}: {@link #onTestBegin} (empty), {@link #onTestBatchBegin} (empty),
 *       {@link #onTestBatchEnd} (running values), {@link #onTestEnd} (the final values).</li>
 *   <li>{@code predict}: {@link #onPredictBegin}, {@link #onPredictBatchBegin},
 *       {@link #onPredictBatchEnd(int, Map, List)} (Keras's {@code logs["outputs"]}: the batch's
 *       outputs), {@link #onPredictEnd}; their logs are empty.</li>
 * </ul>
 * The {@code logs} map is mutable and shared, within one hook call, by all callbacks of the run in
 * order: a callback may add entries (as {@link ReduceLROnPlateau} adds {@code learning_rate}) that
 * the callbacks after it, {@link History} included, see. The user's callbacks come first, then
 * {@code History}, then the progress bar, as in Keras.
 *
 * <p>Setting {@code model().stopTraining(true)} ends {@code fit} after the current batch: the epoch
 * still ends (validation and {@code onEpochEnd} run) and {@code onTrainEnd} is called.
 *
 * <p><b>Errors.</b> When a step or a callback throws, the run stops with that exception and no
 * further {@code on*} hook is called (as in Keras, {@code onTrainEnd} does not run: a failed run must
 * not, say, delete a backup or restore weights as if training had finished). The one exception is
 * {@link #onFinally}, which every callback of the run gets whether the run ended normally or not;
 * callbacks that hold files or writers open release them there.
 */
public abstract class Callback {
  private Model model;
  private Map<String, Object> params = Map.of();

  /** Called by the model before training, evaluation or prediction starts. */
  public void setModel(Model model) {
    this.model = model;
  }

  /** The model being trained, evaluated or run. */
  public Model model() {
    return model;
  }

  /** Keras's {@code params}: {@code epochs} (fit only), {@code steps} and {@code verbose}. */
  public void setParams(Map<String, Object> params) {
    this.params = Map.copyOf(params);
  }

  public Map<String, Object> params() {
    return params;
  }

  /** At the start of {@code fit}; logs are empty. */
  public void onTrainBegin(Map<String, Double> logs) {}

  /** At the end of {@code fit}; logs are those of the last epoch's end (empty if no epoch ran). */
  public void onTrainEnd(Map<String, Double> logs) {}

  /** At the start of an epoch of {@code fit} (0-based); logs are empty. */
  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  /** At the end of an epoch: the epoch's loss and metrics, and the {@code val_} ones when validating. */
  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  /** Before a training batch (0-based within the epoch); logs are empty. */
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  /** After a training batch: the epoch's running loss and metrics. */
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

  /** At the start of {@code evaluate}, or of validation inside {@code fit}; logs are empty. */
  public void onTestBegin(Map<String, Double> logs) {}

  /** At the end of {@code evaluate} or validation: the final loss and metrics. */
  public void onTestEnd(Map<String, Double> logs) {}

  /** Before a test batch; logs are empty. */
  public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

  /** After a test batch: the running loss and metrics. */
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

  /** At the start of {@code predict}; logs are empty. */
  public void onPredictBegin(Map<String, Double> logs) {}

  /** At the end of {@code predict}; logs are empty. */
  public void onPredictEnd(Map<String, Double> logs) {}

  /** Before a predict batch; logs are empty. */
  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

  /** After a predict batch; logs are empty (see {@link #onPredictBatchEnd(int, Map, List)} for the outputs). */
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}

  /**
   * After a predict batch, with the batch's outputs (one array per model output), which Keras passes
   * as {@code logs["outputs"]}. By default calls {@link #onPredictBatchEnd(int, Map)}.
   */
  public void onPredictBatchEnd(int batch, Map<String, Double> logs, List<NdArray<?>> outputs) {
    onPredictBatchEnd(batch, logs);
  }

  /**
   * Called last, once per {@code fit}, {@code evaluate} or {@code predict}, as a Java
   * {@code finally}: after {@code onTrainEnd} / {@code onTestEnd} / {@code onPredictEnd} when the
   * run ends normally, or right after the failure when a step or a callback threw (the other
   * {@code on*End} hooks are then skipped). Release files and writers here; keep the callback
   * usable for another run. A jkeras addition: Keras leaves such resources to the garbage collector.
   *
   * @param error what ended the run, or {@code null} if it ended normally
   */
  public void onFinally(Throwable error) {}
}
