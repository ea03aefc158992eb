package dev.jkeras.callbacks;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A callback made of lambdas, for one-liners, as Keras's {@code LambdaCallback}:
 * {@code new LambdaCallback().onEpochEnd((epoch, logs) -> System.out.println(logs.get("loss")))}.
 * Each setter gives the body of the hook of the same name (see {@link Callback}); hooks not set do
 * nothing.
 */
public class LambdaCallback extends Callback {
  /** A hook of an index (epoch or batch) and the logs. */
  @FunctionalInterface
  public interface IndexedHook {
    void call(int index, Map<String, Double> logs);
  }

  private IndexedHook epochBegin;
  private IndexedHook epochEnd;
  private Consumer<Map<String, Double>> trainBegin;
  private Consumer<Map<String, Double>> trainEnd;
  private IndexedHook trainBatchBegin;
  private IndexedHook trainBatchEnd;
  private Consumer<Map<String, Double>> testBegin;
  private Consumer<Map<String, Double>> testEnd;
  private IndexedHook testBatchBegin;
  private IndexedHook testBatchEnd;
  private Consumer<Map<String, Double>> predictBegin;
  private Consumer<Map<String, Double>> predictEnd;
  private IndexedHook predictBatchBegin;
  private IndexedHook predictBatchEnd;
  private Consumer<Throwable> onFinally;

  /** {@code (epoch, logs) -> ...} at the start of each epoch. */
  public LambdaCallback onEpochBegin(IndexedHook hook) {
    this.epochBegin = hook;
    return this;
  }

  /** {@code (epoch, logs) -> ...} at the end of each epoch. */
  public LambdaCallback onEpochEnd(IndexedHook hook) {
    this.epochEnd = hook;
    return this;
  }

  /** {@code logs -> ...} at the start of {@code fit}. */
  public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> hook) {
    this.trainBegin = hook;
    return this;
  }

  /** {@code logs -> ...} at the end of {@code fit}. */
  public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> hook) {
    this.trainEnd = hook;
    return this;
  }

  /** {@code (batch, logs) -> ...} before each training batch. */
  public LambdaCallback onTrainBatchBegin(IndexedHook hook) {
    this.trainBatchBegin = hook;
    return this;
  }

  /** {@code (batch, logs) -> ...} after each training batch. */
  public LambdaCallback onTrainBatchEnd(IndexedHook hook) {
    this.trainBatchEnd = hook;
    return this;
  }

  public LambdaCallback onTestBegin(Consumer<Map<String, Double>> hook) {
    this.testBegin = hook;
    return this;
  }

  public LambdaCallback onTestEnd(Consumer<Map<String, Double>> hook) {
    this.testEnd = hook;
    return this;
  }

  public LambdaCallback onTestBatchBegin(IndexedHook hook) {
    this.testBatchBegin = hook;
    return this;
  }

  public LambdaCallback onTestBatchEnd(IndexedHook hook) {
    this.testBatchEnd = hook;
    return this;
  }

  public LambdaCallback onPredictBegin(Consumer<Map<String, Double>> hook) {
    this.predictBegin = hook;
    return this;
  }

  public LambdaCallback onPredictEnd(Consumer<Map<String, Double>> hook) {
    this.predictEnd = hook;
    return this;
  }

  public LambdaCallback onPredictBatchBegin(IndexedHook hook) {
    this.predictBatchBegin = hook;
    return this;
  }

  public LambdaCallback onPredictBatchEnd(IndexedHook hook) {
    this.predictBatchEnd = hook;
    return this;
  }

  /** {@code error -> ...} when a run ends, normally ({@code null}) or not; to close what the lambdas opened. */
  public LambdaCallback onFinally(Consumer<Throwable> hook) {
    this.onFinally = hook;
    return this;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (epochBegin != null) {
      epochBegin.call(epoch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (epochEnd != null) {
      epochEnd.call(epoch, logs);
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    if (trainBegin != null) {
      trainBegin.accept(logs);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (trainEnd != null) {
      trainEnd.accept(logs);
    }
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    if (trainBatchBegin != null) {
      trainBatchBegin.call(batch, logs);
    }
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (trainBatchEnd != null) {
      trainBatchEnd.call(batch, logs);
    }
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    if (testBegin != null) {
      testBegin.accept(logs);
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (testEnd != null) {
      testEnd.accept(logs);
    }
  }

  @Override
  public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    if (testBatchBegin != null) {
      testBatchBegin.call(batch, logs);
    }
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    if (testBatchEnd != null) {
      testBatchEnd.call(batch, logs);
    }
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    if (predictBegin != null) {
      predictBegin.accept(logs);
    }
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    if (predictEnd != null) {
      predictEnd.accept(logs);
    }
  }

  @Override
  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    if (predictBatchBegin != null) {
      predictBatchBegin.call(batch, logs);
    }
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    if (predictBatchEnd != null) {
      predictBatchEnd.call(batch, logs);
    }
  }

  @Override
  public void onFinally(Throwable error) {
    if (onFinally != null) {
      onFinally.accept(error);
    }
  }
}
