package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.utils.Utils;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * {@code timeseriesDatasetFromArray} against the expectations of Keras 3.15.1's own
 * {@code timeseries_dataset_utils_test.py} (test_basics, test_timeseries_regression, test_no_targets,
 * test_shuffle_tf, test_sampling_rate, test_sequence_stride, test_start_and_end_index, test_errors),
 * on windows of {@code np.arange(n)} and targets {@code data * 2}.
 */
class TimeseriesDatasetTest {

  private static NdArray<Integer> arange(int n, int factor) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = i * factor;
    }
    return NdArrays.vectorOf(v);
  }

  private static int[][] rows(NdArray<?> batch) {
    int n = (int) batch.shape().get(0);
    int m = (int) batch.shape().get(1);
    int[][] out = new int[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        out[i][j] = ((Number) batch.getObject(i, j)).intValue();
      }
    }
    return out;
  }

  private static int[] values(NdArray<?> vector) {
    int[] out = new int[(int) vector.shape().get(0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) vector.getObject(i)).intValue();
    }
    return out;
  }

  private static int[] range(int from, int to, int step) {
    List<Integer> v = new ArrayList<>();
    for (int i = from; i < to; i += step) {
      v.add(i);
    }
    return v.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Keras's test_basics: 19 batches of (5, 9), the last of 2; window i*5+j is arange(i*5+j, +9), target twice its start. */
  @Test
  void basics() {
    List<List<NdArray<?>>> batches = Utils.timeseriesDatasetFromArray(arange(100, 1), arange(100, 2), 9,
        o -> o.batchSize(5)).toList();
    assertEquals(19, batches.size());
    for (int i = 0; i < batches.size(); i++) {
      int[][] inputs = rows(batches.get(i).get(0));
      int[] targets = values(batches.get(i).get(1));
      assertEquals(i < 18 ? 5 : 2, inputs.length);
      assertEquals(Shape.of(inputs.length, 9), batches.get(i).get(0).shape());
      for (int j = 0; j < inputs.length; j++) {
        assertArrayEquals(range(i * 5 + j, i * 5 + j + 9, 1), inputs[j]);
        assertEquals(inputs[j][0] * 2, targets[j]);
      }
    }
  }

  /** Keras's test_timeseries_regression: targets data[3:], 7 windows of 3. */
  @Test
  void regression() {
    NdArray<Integer> data = arange(10, 1);
    NdArray<Integer> targets = NdArrays.vectorOf(3, 4, 5, 6, 7, 8, 9);
    List<List<NdArray<?>>> batches = Utils.timeseriesDatasetFromArray(data, targets, 3, o -> o.batchSize(1)).toList();
    assertEquals(7, batches.size());
    for (int i = 0; i < 7; i++) {
      assertArrayEquals(range(i, i + 3, 1), rows(batches.get(i).get(0))[0]);
      assertEquals(3 + i, values(batches.get(i).get(1))[0]);
    }
  }

  /** Keras's test_no_targets: 9 batches of windows only, the last of 1. */
  @Test
  void noTargets() {
    List<List<NdArray<?>>> batches = Utils.timeseriesDatasetFromArray(arange(50, 1), null, 10, o -> o.batchSize(5))
        .toList();
    assertEquals(9, batches.size());
    assertEquals(1, batches.get(0).size());
    assertEquals(Shape.of(1, 10), batches.get(8).get(0).shape());
    assertArrayEquals(range(40, 50, 1), rows(batches.get(8).get(0))[0]);
  }

  /** Keras's test_shuffle_tf: shuffled windows keep their targets, epochs differ, the same seed repeats the first. */
  @Test
  void shuffleIsSeededAndReshufflesEachEpoch() {
    Dataset ds = Utils.timeseriesDatasetFromArray(arange(10, 1), arange(10, 2), 5,
        o -> o.batchSize(1).shuffle(true).seed(123));
    List<int[]> epoch1 = new ArrayList<>();
    List<int[]> epoch2 = new ArrayList<>();
    // Two passes in one iterator (as two epochs of fit): tf.data reshuffles each iteration.
    for (List<NdArray<?>> b : ds.repeat(2)) {
      int[] x = rows(b.get(0))[0];
      assertEquals(x[0] * 2, values(b.get(1))[0]);
      (epoch1.size() < 6 ? epoch1 : epoch2).add(x);
    }
    assertEquals(6, epoch1.size());
    assertNotEquals(toString(epoch1), toString(epoch2));
    assertFalse(java.util.Arrays.equals(range(0, 5, 1), epoch1.get(0)), "the first window is not the first rows'");
    List<int[]> again = new ArrayList<>();
    for (List<NdArray<?>> b : Utils.timeseriesDatasetFromArray(arange(10, 1), arange(10, 2), 5,
        o -> o.batchSize(1).shuffle(true).seed(123))) {
      again.add(rows(b.get(0))[0]);
    }
    assertEquals(toString(epoch1), toString(again));
  }

  private static String toString(List<int[]> windows) {
    return windows.stream().map(java.util.Arrays::toString).toList().toString();
  }

  /** Keras's test_sampling_rate and test_sequence_stride. */
  @Test
  void samplingRateAndStride() {
    List<List<NdArray<?>>> sampled = Utils.timeseriesDatasetFromArray(arange(100, 1), arange(100, 2), 9,
        o -> o.batchSize(5).samplingRate(2)).toList();
    assertEquals(17, sampled.size());
    assertEquals(4, sampled.get(16).get(0).shape().get(0));
    assertArrayEquals(range(7, 7 + 18, 2), rows(sampled.get(1).get(0))[2]);
    List<List<NdArray<?>>> strided = Utils.timeseriesDatasetFromArray(arange(100, 1), arange(100, 2), 9,
        o -> o.batchSize(5).sequenceStride(3)).toList();
    assertEquals(7, strided.size());
    assertEquals(1, strided.get(6).get(0).shape().get(0));
    assertArrayEquals(range(5 * 3 + 2 * 3, 5 * 3 + 2 * 3 + 9, 1), rows(strided.get(1).get(0))[2]);
    assertEquals(2 * (5 * 3 + 2 * 3), values(strided.get(1).get(1))[2]);
  }

  /** Keras's test_start_and_end_index: every value within [10, 90). */
  @Test
  void startAndEndIndex() {
    int count = 0;
    for (List<NdArray<?>> b : Utils.timeseriesDatasetFromArray(arange(100, 1), null, 9,
        o -> o.batchSize(5).sequenceStride(3).samplingRate(2).startIndex(10).endIndex(90))) {
      for (int[] row : rows(b.get(0))) {
        for (int v : row) {
          assertTrue(v >= 10 && v < 90, "value " + v);
        }
        count++;
      }
    }
    assertEquals(range(0, 80 - 16, 3).length, count);
  }

  /** Keras's test_errors, with its messages. */
  @Test
  void errors() {
    NdArray<Integer> data = arange(10, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.timeseriesDatasetFromArray(data, null, 3,
        o -> o.startIndex(-1))).getMessage().startsWith("`start_index` must be "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.timeseriesDatasetFromArray(data, null, 3,
        o -> o.startIndex(11))).getMessage().startsWith("`start_index` must be "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.timeseriesDatasetFromArray(data, null, 3,
        o -> o.endIndex(-1))).getMessage().startsWith("`end_index` must be "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.timeseriesDatasetFromArray(data, null, 3,
        o -> o.endIndex(11))).getMessage().startsWith("`end_index` must be "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.timeseriesDatasetFromArray(data, null, 3,
        o -> o.samplingRate(0))).getMessage().startsWith("`sampling_rate` must be "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Utils.timeseriesDatasetFromArray(data, null, 3,
        o -> o.sequenceStride(0))).getMessage().startsWith("`sequence_stride` must be "));
  }

  /** Multivariate rows keep their features: windows of shape (sequenceLength, features). */
  @Test
  void multivariateWindows() {
    var data = NdArrays.ofFloats(Shape.of(20, 3));
    for (int i = 0; i < 20; i++) {
      for (int f = 0; f < 3; f++) {
        data.setFloat(i * 10 + f, i, f);
      }
    }
    List<List<NdArray<?>>> batches = Utils.timeseriesDatasetFromArray(data, null, 4, o -> o.batchSize(null)).toList();
    assertEquals(17, batches.size());
    NdArray<?> w = batches.get(5).get(0);
    assertEquals(Shape.of(4, 3), w.shape());
    assertEquals(82f, ((Number) w.getObject(3, 2)).floatValue());
  }
}
