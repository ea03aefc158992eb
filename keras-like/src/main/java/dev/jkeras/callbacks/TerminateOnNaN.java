package dev.jkeras.callbacks;

import java.util.Map;

/**
 * Stops training when a batch's loss is NaN or infinite, as Keras's {@code TerminateOnNaN}. By
 * default it prints {@code Batch <n>: Invalid loss, terminating training} and sets
 * {@code model().stopTraining(true)}: that epoch still ends (its logs, in {@link History} too, hold
 * the invalid loss) and {@code onTrainEnd} runs. With {@code raiseError(true)} it throws instead,
 * ending {@code fit} at once without {@code onTrainEnd} (see {@link Callback} on errors).
 */
public class TerminateOnNaN extends Callback {
  private boolean raiseError;

  /** Throw an {@link IllegalStateException} at the invalid loss instead of stopping gracefully; default false. */
  public TerminateOnNaN raiseError(boolean raiseError) {
    this.raiseError = raiseError;
    return this;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      if (raiseError) {
        throw new IllegalStateException("NaN or Inf loss encountered at batch " + batch + ". Loss value: "
            + PythonFormat.repr(loss) + ". Terminating training immediately.");
      }
      System.out.println("Batch " + batch + ": Invalid loss, terminating training");
      model().stopTraining(true);
    }
  }
}
