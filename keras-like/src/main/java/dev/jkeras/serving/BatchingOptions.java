package dev.jkeras.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link BatchScheduler} groups concurrent requests: TensorFlow Serving's
 * {@code BatchingParameters} ({@code --enable_batching} with {@code --batching_parameters_file}).
 * The defaults are TF Serving's when a field is left out: {@code max_batch_size} 1000,
 * {@code batch_timeout_micros} 0, {@code max_enqueued_batches} 10 and {@code num_batch_threads} the
 * number of processors.
 *
 * <p>With a timeout of 0 a batch runs as soon as a batch thread is free: requests that arrive while
 * the threads are busy join the open batch, so batches grow with the load and an idle server adds no
 * delay.
 */
public final class BatchingOptions {
  private final int maxBatchSize;
  private final Duration batchTimeout;
  private final int maxEnqueuedBatches;
  private final int numBatchThreads;

  private BatchingOptions(int maxBatchSize, Duration batchTimeout, int maxEnqueuedBatches, int numBatchThreads) {
    this.maxBatchSize = positive("max_batch_size", maxBatchSize);
    Objects.requireNonNull(batchTimeout, "batchTimeout");
    if (batchTimeout.isNegative()) {
      throw new IllegalArgumentException("batch_timeout_micros must be >= 0, got " + batchTimeout.toNanos() / 1000);
    }
    this.batchTimeout = batchTimeout;
    this.maxEnqueuedBatches = positive("max_enqueued_batches", maxEnqueuedBatches);
    this.numBatchThreads = positive("num_batch_threads", numBatchThreads);
  }

  /** TF Serving's defaults. */
  public static BatchingOptions defaults() {
    return new BatchingOptions(1000, Duration.ZERO, 10, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads a batching parameters file in TF Serving's text-proto form, e.g.
   * {@code max_batch_size { value: 32 } batch_timeout_micros { value: 1000 }}; fields left out keep
   * their defaults.
   */
  public static BatchingOptions fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the batching parameters file " + file + ": " + e.getMessage(), e);
    }
    try {
      return BatchingParametersText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Batching parameters file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses TF Serving's text-proto {@code BatchingParameters}, as {@link #fromFile} does. */
  public static BatchingOptions parse(String textProto) {
    return BatchingParametersText.parse(textProto);
  }

  public int maxBatchSize() {
    return maxBatchSize;
  }

  public Duration batchTimeout() {
    return batchTimeout;
  }

  public int maxEnqueuedBatches() {
    return maxEnqueuedBatches;
  }

  public int numBatchThreads() {
    return numBatchThreads;
  }

  /** The largest number of rows a batch holds (TF Serving's {@code max_batch_size}). */
  public BatchingOptions maxBatchSize(int size) {
    return new BatchingOptions(size, batchTimeout, maxEnqueuedBatches, numBatchThreads);
  }

  /** How long an open batch waits for more requests before it runs underfull ({@code batch_timeout_micros}). */
  public BatchingOptions batchTimeout(Duration timeout) {
    return new BatchingOptions(maxBatchSize, timeout, maxEnqueuedBatches, numBatchThreads);
  }

  /** How many batches (the open one included) may wait per queue before requests are refused. */
  public BatchingOptions maxEnqueuedBatches(int batches) {
    return new BatchingOptions(maxBatchSize, batchTimeout, batches, numBatchThreads);
  }

  /** How many batches run at once, over all models. */
  public BatchingOptions numBatchThreads(int threads) {
    return new BatchingOptions(maxBatchSize, batchTimeout, maxEnqueuedBatches, threads);
  }

  private static int positive(String field, long value) {
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + " must be between 1 and " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchingOptions other && maxBatchSize == other.maxBatchSize
        && batchTimeout.equals(other.batchTimeout) && maxEnqueuedBatches == other.maxEnqueuedBatches
        && numBatchThreads == other.numBatchThreads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxBatchSize, batchTimeout, maxEnqueuedBatches, numBatchThreads);
  }

  @Override
  public String toString() {
    return "BatchingOptions(max_batch_size=" + maxBatchSize + ", batch_timeout_micros=" + batchTimeout.toNanos() / 1000
        + ", max_enqueued_batches=" + maxEnqueuedBatches + ", num_batch_threads=" + numBatchThreads + ")";
  }
}
