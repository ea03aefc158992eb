package dev.jkeras.callbacks;

import dev.jkeras.models.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.tensorflow.ndarray.NdArray;

/**
 * Several callbacks called as one, in order, as Keras's {@code CallbackList}; also the way to drive
 * callbacks from a custom training loop. Each hook call hands all callbacks one mutable copy of the
 * logs, so entries a callback adds are seen by the callbacks after it but not by the caller.
 */
public class CallbackList extends Callback {
  private final List<Callback> callbacks;

  public CallbackList(List<? extends Callback> callbacks) {
    this.callbacks = new ArrayList<>(callbacks);
  }

  public CallbackList(Callback... callbacks) {
    this(List.of(callbacks));
  }

  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  /** True when the list holds no callback, so its hooks do nothing. */
  public boolean isEmpty() {
    return callbacks.isEmpty();
  }

  @Override
  public void setModel(Model model) {
    super.setModel(model);
    callbacks.forEach(c -> c.setModel(model));
  }

  @Override
  public void setParams(Map<String, Object> params) {
    super.setParams(params);
    callbacks.forEach(c -> c.setParams(params));
  }

  private void each(Map<String, Double> logs, BiConsumer<Callback, Map<String, Double>> hook) {
    if (callbacks.isEmpty()) {
      return;
    }
    Map<String, Double> shared = logs == null ? new LinkedHashMap<>() : new LinkedHashMap<>(logs);
    for (Callback c : callbacks) {
      hook.accept(c, shared);
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    each(logs, Callback::onTrainBegin);
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    each(logs, Callback::onTrainEnd);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onEpochBegin(epoch, l));
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onEpochEnd(epoch, l));
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onTrainBatchBegin(batch, l));
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onTrainBatchEnd(batch, l));
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    each(logs, Callback::onTestBegin);
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    each(logs, Callback::onTestEnd);
  }

  @Override
  public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onTestBatchBegin(batch, l));
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onTestBatchEnd(batch, l));
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    each(logs, Callback::onPredictBegin);
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    each(logs, Callback::onPredictEnd);
  }

  @Override
  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    each(logs, (c, l) -> c.onPredictBatchBegin(batch, l));
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    onPredictBatchEnd(batch, logs, List.of());
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs, List<NdArray<?>> outputs) {
    each(logs, (c, l) -> c.onPredictBatchEnd(batch, l, outputs));
  }

  /**
   * Calls {@link Callback#onFinally} on every callback, even when some throw; the first exception is
   * rethrown after all ran, the others added to it as suppressed.
   */
  @Override
  public void onFinally(Throwable error) {
    RuntimeException first = null;
    for (Callback c : callbacks) {
      try {
        c.onFinally(error);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Runs {@code body} (a whole fit, evaluate or predict), then {@link #onFinally} whatever happens;
   * an exception from {@code onFinally} after a failure is added to the failure as suppressed.
   */
  public <T> T run(Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (RuntimeException | Error e) {
      try {
        onFinally(e);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    onFinally(null);
    return result;
  }
}
