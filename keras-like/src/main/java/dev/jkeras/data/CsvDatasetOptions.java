package dev.jkeras.data;

/**
 * The dataset side of {@code Dataset.makeCsvDataset} ({@code tf.data.experimental.make_csv_dataset}'s
 * {@code shuffle}, {@code shuffle_buffer_size}, {@code shuffle_seed}, {@code num_epochs}, {@code
 * num_parallel_reads}, {@code prefetch_buffer_size}), with TensorFlow's defaults; the CSV side is
 * {@link CsvOptions}. Immutable: each setter returns a new value.
 */
public final class CsvDatasetOptions {
  private final boolean shuffle;
  private final long shuffleBufferSize;
  private final long shuffleSeed;
  private final long numEpochs;
  private final int numParallelReads;
  private final long prefetchBufferSize;

  private CsvDatasetOptions(boolean shuffle, long shuffleBufferSize, long shuffleSeed, long numEpochs,
      int numParallelReads, long prefetchBufferSize) {
    this.shuffle = shuffle;
    this.shuffleBufferSize = shuffleBufferSize;
    this.shuffleSeed = shuffleSeed;
    this.numEpochs = numEpochs;
    this.numParallelReads = numParallelReads;
    this.prefetchBufferSize = prefetchBufferSize;
  }

  /** TensorFlow's defaults: shuffled (buffer 10 000, unseeded), repeated forever, one file at a time, prefetch tuned. */
  public static CsvDatasetOptions defaults() {
    return new CsvDatasetOptions(true, 10_000, 0, Dataset.INFINITE_CARDINALITY, 1, Dataset.AUTOTUNE);
  }

  public CsvDatasetOptions shuffle(boolean value) {
    return new CsvDatasetOptions(value, shuffleBufferSize, shuffleSeed, numEpochs, numParallelReads, prefetchBufferSize);
  }

  public CsvDatasetOptions shuffleBufferSize(long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("shuffleBufferSize must be positive, got " + value);
    }
    return new CsvDatasetOptions(shuffle, value, shuffleSeed, numEpochs, numParallelReads, prefetchBufferSize);
  }

  /** The seed of the file order and of the shuffle buffer (0: unseeded, or the global seed if set). */
  public CsvDatasetOptions shuffleSeed(long value) {
    return new CsvDatasetOptions(shuffle, shuffleBufferSize, value, numEpochs, numParallelReads, prefetchBufferSize);
  }

  /** How many times the data is read ({@code num_epochs}); {@link Dataset#INFINITE_CARDINALITY} (the default): forever. */
  public CsvDatasetOptions numEpochs(long value) {
    if (value <= 0 && value != Dataset.INFINITE_CARDINALITY) {
      throw new IllegalArgumentException("numEpochs must be positive or Dataset.INFINITE_CARDINALITY (forever), got "
          + value);
    }
    return new CsvDatasetOptions(shuffle, shuffleBufferSize, shuffleSeed, value, numParallelReads, prefetchBufferSize);
  }

  /** How many files are read at once, interleaved line by line ({@code num_parallel_reads}). */
  public CsvDatasetOptions numParallelReads(int value) {
    if (value < 1 && value != Dataset.AUTOTUNE) {
      throw new IllegalArgumentException("numParallelReads must be positive or Dataset.AUTOTUNE, got " + value);
    }
    return new CsvDatasetOptions(shuffle, shuffleBufferSize, shuffleSeed, numEpochs, value, prefetchBufferSize);
  }

  public CsvDatasetOptions prefetchBufferSize(long value) {
    return new CsvDatasetOptions(shuffle, shuffleBufferSize, shuffleSeed, numEpochs, numParallelReads, value);
  }

  public boolean shuffle() {
    return shuffle;
  }

  public long shuffleBufferSize() {
    return shuffleBufferSize;
  }

  public long shuffleSeed() {
    return shuffleSeed;
  }

  public long numEpochs() {
    return numEpochs;
  }

  public int numParallelReads() {
    return numParallelReads;
  }

  public long prefetchBufferSize() {
    return prefetchBufferSize;
  }
}
