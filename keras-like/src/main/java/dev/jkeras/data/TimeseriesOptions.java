package dev.jkeras.data;

/**
 * The options of {@code timeseriesDatasetFromArray}, as Keras's {@code timeseries_dataset_from_array}
 * arguments, immutable. Defaults as Keras: stride 1, sampling rate 1, batches of 128, not shuffled,
 * the whole array.
 *
 * @param sequenceStride the offset between the starts of consecutive windows
 * @param samplingRate the offset between consecutive steps of a window
 * @param batchSize windows per batch, or null for unbatched windows
 * @param shuffle whether to shuffle the windows
 * @param seed the shuffle's seed, or null for a random one
 * @param startIndex the first row used, or null for 0
 * @param endIndex the row after the last one used (exclusive), or null for the array's length
 */
public record TimeseriesOptions(int sequenceStride, int samplingRate, Integer batchSize, boolean shuffle, Long seed,
    Integer startIndex, Integer endIndex) {

  public static TimeseriesOptions defaults() {
    return new TimeseriesOptions(1, 1, 128, false, null, null, null);
  }

  public TimeseriesOptions sequenceStride(int stride) {
    return new TimeseriesOptions(stride, samplingRate, batchSize, shuffle, seed, startIndex, endIndex);
  }

  public TimeseriesOptions samplingRate(int rate) {
    return new TimeseriesOptions(sequenceStride, rate, batchSize, shuffle, seed, startIndex, endIndex);
  }

  public TimeseriesOptions batchSize(Integer size) {
    if (size != null && size <= 0) {
      throw new IllegalArgumentException("batchSize must be positive (or null: unbatched), got " + size);
    }
    return new TimeseriesOptions(sequenceStride, samplingRate, size, shuffle, seed, startIndex, endIndex);
  }

  public TimeseriesOptions shuffle(boolean shuffled) {
    return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffled, seed, startIndex, endIndex);
  }

  public TimeseriesOptions seed(long value) {
    return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, value, startIndex, endIndex);
  }

  public TimeseriesOptions startIndex(int index) {
    return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, seed, index, endIndex);
  }

  public TimeseriesOptions endIndex(int index) {
    return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, seed, startIndex, index);
  }
}
