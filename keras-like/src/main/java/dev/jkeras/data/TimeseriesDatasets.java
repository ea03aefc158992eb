package dev.jkeras.data;

import dev.jkeras.KerasTensor;
import dev.jkeras.ops.CoreOps;
import dev.jkeras.ops.NumpyOps;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.index.Indices;

/**
 * Keras's {@code timeseries_dataset_from_array}: sliding windows over the rows of an array. Window
 * {@code i} starts at row {@code startIndex + p_i} with {@code p_i = i * sequenceStride} (shuffled by
 * numpy's {@code RandomState(seed)} when asked, as Keras) and takes {@code sequenceLength} rows
 * {@code samplingRate} apart; its target is {@code targets[startIndex + p_i]}. The window start
 * positions are the dataset's elements and the rows are gathered in the pipeline (TensorFlow's
 * {@code GatherV2} in a traced {@code map}, the array held once as a constant of that function).
 * {@code Utils.timeseriesDatasetFromArray} calls this.
 */
public final class TimeseriesDatasets {
  private TimeseriesDatasets() {}

  /** The windows of {@code data} ({@code (steps, ...)}), with their targets unless {@code targets} is null. */
  public static Dataset fromArray(NdArray<?> data, NdArray<?> targets, int sequenceLength, TimeseriesOptions o) {
    if (data == null || data.rank() == 0) {
      throw new IllegalArgumentException("timeseriesDatasetFromArray takes data of rank >= 1 (steps first), got "
          + (data == null ? "null" : "a scalar"));
    }
    if (sequenceLength <= 0) {
      throw new IllegalArgumentException("`sequence_length` must be higher than 0. Received: sequence_length="
          + sequenceLength);
    }
    long length = data.shape().get(0);
    check(o, length);
    int start = o.startIndex() == null ? 0 : o.startIndex();
    int end = o.endIndex() == null ? (int) length : o.endIndex();
    long seed = o.seed() != null ? o.seed() : ThreadLocalRandom.current().nextInt(1_000_000);
    int[] positions = startPositions(o, targets, sequenceLength, start, end, seed);
    NdArray<?> window = data.slice(Indices.range(start, end));
    NdArray<?> targetRows = targets == null ? null
        : targets.slice(Indices.range(start, Math.min(end, targets.shape().get(0))));
    int[] offsets = new int[sequenceLength];
    for (int k = 0; k < sequenceLength; k++) {
      offsets[k] = k * o.samplingRate();
    }
    Dataset ds = Dataset.fromTensorSlices(NdArrays.vectorOf(positions)).map(p -> {
      KerasTensor steps = NumpyOps.take(CoreOps.convertToTensor(window),
          NumpyOps.add(p, CoreOps.convertToTensor(NdArrays.vectorOf(offsets))));
      return targetRows == null ? steps : List.of(steps, NumpyOps.take(CoreOps.convertToTensor(targetRows), p));
    }, Dataset.AUTOTUNE).prefetch(Dataset.AUTOTUNE);
    if (o.batchSize() != null) {
      if (o.shuffle()) {
        ds = ds.shuffle(o.batchSize() * 8L, seed);
      }
      return ds.batch(o.batchSize());
    }
    return o.shuffle() ? ds.shuffle(1024, seed) : ds;
  }

  /** Keras's start positions: {@code 0, stride, ...} below the number of full windows (and of targets), shuffled if asked. */
  static int[] startPositions(TimeseriesOptions o, NdArray<?> targets, int sequenceLength, int start, int end,
      long seed) {
    long numSeqs = end - start - (long) (sequenceLength - 1) * o.samplingRate();
    if (targets != null) {
      numSeqs = Math.min(numSeqs, targets.shape().get(0));
    }
    int count = numSeqs <= 0 ? 0 : (int) ((numSeqs + o.sequenceStride() - 1) / o.sequenceStride());
    int[] positions = new int[count];
    for (int i = 0; i < count; i++) {
      positions[i] = i * o.sequenceStride();
    }
    if (o.shuffle()) {
      new NumpyRandomState(seed).shuffle(positions);
    }
    return positions;
  }

  /** Keras's argument checks, with its messages. */
  private static void check(TimeseriesOptions o, long length) {
    Integer start = o.startIndex();
    Integer end = o.endIndex();
    if (start != null && start != 0) {
      if (start < 0) {
        throw new IllegalArgumentException("`start_index` must be 0 or greater. Received: start_index=" + start);
      }
      if (start >= length) {
        throw new IllegalArgumentException("`start_index` must be lower than the length of the data. Received: "
            + "start_index=" + start + ", for data of length " + length);
      }
    }
    if (end != null && end != 0) {
      if (start != null && start != 0 && end <= start) {
        throw new IllegalArgumentException("`end_index` must be higher than `start_index`. Received: start_index="
            + start + ", and end_index=" + end + " ");
      }
      if (end >= length) {
        throw new IllegalArgumentException("`end_index` must be lower than the length of the data. Received: "
            + "end_index=" + end + ", for data of length " + length);
      }
      if (end <= 0) {
        throw new IllegalArgumentException("`end_index` must be higher than 0. Received: end_index=" + end);
      }
    }
    if (o.samplingRate() <= 0) {
      throw new IllegalArgumentException("`sampling_rate` must be higher than 0. Received: sampling_rate="
          + o.samplingRate());
    }
    if (o.samplingRate() >= length) {
      throw new IllegalArgumentException("`sampling_rate` must be lower than the length of the data. Received: "
          + "sampling_rate=" + o.samplingRate() + ", for data of length " + length);
    }
    if (o.sequenceStride() <= 0) {
      throw new IllegalArgumentException("`sequence_stride` must be higher than 0. Received: sequence_stride="
          + o.sequenceStride());
    }
    if (o.sequenceStride() >= length) {
      throw new IllegalArgumentException("`sequence_stride` must be lower than the length of the data. Received: "
          + "sequence_stride=" + o.sequenceStride() + ", for data of length " + length);
    }
  }
}
