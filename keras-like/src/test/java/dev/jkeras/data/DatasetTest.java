package dev.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.Shape;
import dev.jkeras.ops.Ops;
import dev.jkeras.utils.Np;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;

class DatasetTest {

  private static IntNdArray ints(int n) {
    int[] values = new int[n];
    Arrays.setAll(values, i -> i);
    return Np.array(values);
  }

  private static long[] longs(List<List<NdArray<?>>> elements) {
    return elements.stream().mapToLong(e -> ((Number) e.get(0).getObject()).longValue()).toArray();
  }

  @Test
  void tensorSlicesYieldRowsAsTuples() {
    FloatNdArray x = Np.array(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    IntNdArray y = Np.array(new int[] {7, 8, 9});
    List<List<NdArray<?>>> elements = Dataset.fromTensorSlices(x, y).toList();
    assertEquals(3, elements.size());
    assertEquals(Np.array(new float[] {3, 4}), elements.get(1).get(0));
    assertEquals(8, elements.get(1).get(1).getObject());
  }

  @Test
  void batchStacksAndKeepsTheShortLastBatch() {
    List<List<NdArray<?>>> batches = Dataset.fromTensorSlices(ints(10)).batch(4).toList();
    assertEquals(List.of(4L, 4L, 2L), batches.stream().map(b -> b.get(0).shape().get(0)).toList());
    assertEquals(Np.array(new int[] {8, 9}), batches.get(2).get(0));
    assertEquals(2, Dataset.fromTensorSlices(ints(10)).batch(4, true).toList().size());
  }

  @Test
  void elementSpecHasTheBatchDimensionUnknownUnlessRemaindersAreDropped() {
    FloatNdArray x = Np.array(new float[6][3]);
    IntNdArray y = ints(6);
    Dataset batched = Dataset.fromTensorSlices(x, y).batch(2);
    ElementSpec spec = batched.elementSpec();
    assertEquals(Shape.of(Shape.UNKNOWN, 3), spec.components().get(0).shape());
    assertEquals(DType.FLOAT32, spec.components().get(0).dtype());
    assertEquals(Shape.of(Shape.UNKNOWN), spec.components().get(1).shape());
    assertEquals(DType.INT32, spec.components().get(1).dtype());
    assertEquals(Shape.of(2, 3), Dataset.fromTensorSlices(x, y).batch(2, true).elementSpec().components().get(0).shape());
    assertEquals("(TensorSpec(shape=(None, 3), dtype=float32), TensorSpec(shape=(None,), dtype=int32))",
        spec.toString());
  }

  @Test
  void mapTracesAJavaFunctionOverSymbolicTensors() {
    Dataset squared = Dataset.fromTensorSlices(ints(5)).map(x -> Ops.multiply(x, x));
    assertArrayEquals(new long[] {0, 1, 4, 9, 16}, longs(squared.toList()));
    Dataset pairs = Dataset.fromTensorSlices(ints(3), ints(3))
        .map((x, y) -> List.of(Ops.cast(x, "float32"), Ops.add(y, 10L)));
    List<List<NdArray<?>>> elements = pairs.toList();
    assertEquals(2f, elements.get(2).get(0).getObject());
    assertEquals(12, elements.get(2).get(1).getObject());
    assertEquals(DType.FLOAT32, pairs.elementSpec().components().get(0).dtype());
  }

  @Test
  void parallelMapGivesWhatTheSerialMapGivesInOrder() {
    Dataset source = Dataset.fromTensorSlices(ints(200));
    List<List<NdArray<?>>> serial = source.map(x -> Ops.add(Ops.multiply(x, 3L), 1L)).batch(7).toList();
    List<List<NdArray<?>>> parallel = source.map(x -> Ops.add(Ops.multiply(x, 3L), 1L), 4).batch(7).toList();
    List<List<NdArray<?>>> tuned = source.map(x -> Ops.add(Ops.multiply(x, 3L), 1L), Dataset.AUTOTUNE).batch(7)
        .prefetch(Dataset.AUTOTUNE).toList();
    assertEquals(serial, parallel);
    assertEquals(serial, tuned);
  }

  @Test
  void filterKeepsTheElementsThePredicateAccepts() {
    Dataset even = Dataset.fromTensorSlices(ints(10)).filter(x -> Ops.less(x, 5));
    assertArrayEquals(new long[] {0, 1, 2, 3, 4}, longs(even.toList()));
    assertEquals(Dataset.UNKNOWN_CARDINALITY, even.cardinality());
  }

  @Test
  void repeatTakeSkipAndRange() {
    assertArrayEquals(new long[] {2, 3, 4, 2, 3, 4}, longs(Dataset.range(2, 5).repeat(2).toList()));
    assertArrayEquals(new long[] {0, 1, 2, 0}, longs(Dataset.range(3).repeat().take(4).toList()));
    assertArrayEquals(new long[] {7, 8, 9}, longs(Dataset.range(10).skip(7).toList()));
    assertEquals(3, Dataset.range(10).batch(4).cardinality());
    assertEquals(Dataset.INFINITE_CARDINALITY, Dataset.range(10).repeat().cardinality());
  }

  @Test
  void seededShuffleIsADeterministicPermutationReshuffledEachIteration() {
    Dataset shuffled = Dataset.range(50).shuffle(50, 7);
    long[] first = longs(shuffled.toList());
    long[] again = longs(Dataset.range(50).shuffle(50, 7).toList());
    assertArrayEquals(first, again, "the same seed gives the same order");
    long[] sorted = first.clone();
    Arrays.sort(sorted);
    assertArrayEquals(longs(Dataset.range(50).toList()), sorted, "a permutation");
    assertNotEquals(Arrays.toString(longs(Dataset.range(50).toList())), Arrays.toString(first));
    // Two epochs in one iteration: the second draws a new order, the same on every run.
    long[] twoEpochs = longs(Dataset.range(50).shuffle(50, 7).repeat(2).toList());
    long[] epoch2 = Arrays.copyOfRange(twoEpochs, 50, 100);
    assertArrayEquals(first, Arrays.copyOfRange(twoEpochs, 0, 50));
    assertNotEquals(Arrays.toString(first), Arrays.toString(epoch2));
    assertArrayEquals(twoEpochs, longs(Dataset.range(50).shuffle(50, 7).repeat(2).toList()));
    long[] other = longs(Dataset.range(50).shuffle(50, 8).toList());
    assertNotEquals(Arrays.toString(first), Arrays.toString(other));
  }

  @Test
  void seededShuffleGivesANewOrderOnEachJavaPassReproducibly() {
    Dataset shuffled = Dataset.range(50).shuffle(50, 7);
    long[] pass1 = longs(shuffled.toList());
    long[] pass2 = longs(shuffled.toList());
    assertNotEquals(Arrays.toString(pass1), Arrays.toString(pass2), "a second pass reshuffles");
    long[] sorted = pass2.clone();
    Arrays.sort(sorted);
    assertArrayEquals(longs(Dataset.range(50).toList()), sorted, "a permutation");
    Dataset fresh = Dataset.range(50).shuffle(50, 7);
    assertArrayEquals(pass1, longs(fresh.toList()));
    assertArrayEquals(pass2, longs(fresh.toList()), "the same seed gives the same sequence of orders");
    Dataset fixed = Dataset.range(50).shuffle(50, 7, false);
    assertArrayEquals(longs(fixed.toList()), longs(fixed.toList()), "reshuffleEachIteration=false repeats");
  }

  @Test
  void dictElementsByNameAndZip() {
    Dataset x = Dataset.fromTensorSlices(Map.of("a", ints(3)));
    Dataset xy = Dataset.zip(x, Dataset.fromTensorSlices(Np.array(new float[] {1, 2, 3})));
    Object first = xy.asNumpyIterator().next();
    assertTrue(first instanceof List<?> pair && pair.get(0) instanceof Map<?, ?> m && m.containsKey("a"), "" + first);
    assertEquals(2f, xy.toList().get(1).get(1).getObject());
  }

  @Test
  void iteratingTwiceStartsAgain() {
    Dataset d = Dataset.range(3);
    List<Long> seen = new ArrayList<>();
    for (List<NdArray<?>> element : d) {
      seen.add((Long) element.get(0).getObject());
    }
    for (List<NdArray<?>> element : d) {
      seen.add(((LongNdArray) element.get(0)).getLong());
    }
    assertEquals(List.of(0L, 1L, 2L, 0L, 1L, 2L), seen);
  }

  @Test
  void aMapFunctionThatCannotTraceFailsAtTheCallSayingWhich() {
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(ints(4))
        .map(x -> Ops.matmul(x, x)));
    assertTrue(e.getMessage().contains("map function"), e.getMessage());
    var pair = assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(ints(4)).map((x, y) -> x));
    assertTrue(pair.getMessage().contains("(x, y)"), pair.getMessage());
    var notBool = assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(ints(4)).filter(x -> x));
    assertTrue(notBool.getMessage().contains("bool scalar"), notBool.getMessage());
  }

  @Test
  void slicesOfDifferentLengthsAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(ints(3), ints(4)));
    assertTrue(e.getMessage().contains("same first dimension"), e.getMessage());
  }

  /** tf.data's threading options change where the pipeline runs, not what it gives; bad counts are refused. */
  @Test
  void threadingOptionsKeepTheElements() {
    Dataset squares = Dataset.range(6).map(n -> Ops.multiply(n, n), Dataset.AUTOTUNE).batch(4);
    assertEquals(squares.toList(), squares.withThreading(1, 1).toList());
    assertEquals(squares.toList(), squares.withThreading(2, 0).toList());
    var e = assertThrows(IllegalArgumentException.class, () -> squares.withThreading(-1, 0));
    assertTrue(e.getMessage().contains("privateThreadpoolSize=-1"), e.getMessage());
  }

  @Test
  void paddedBatchPadsEachBatchToItsLargestElement() {
    Dataset ragged = Dataset.range(1, 4).map(n -> Ops.add(Ops.zeros(Ops.reshape(n, 1), DType.FLOAT32),
        Ops.cast(n, "float32")));
    List<List<NdArray<?>>> batches = ragged.paddedBatch(3).toList();
    assertEquals(1, batches.size());
    assertEquals(Np.array(new float[][] {{1, 0, 0}, {2, 2, 0}, {3, 3, 3}}), batches.get(0).get(0));
    assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN), ragged.paddedBatch(3).elementSpec().components().get(0).shape());
  }

  @Test
  void cacheInMemoryReplaysTheFirstPassAndInFilesEveryLaterIteration(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Dataset noisy = Dataset.range(5).map(x -> Ops.add(Ops.cast(x, "float32"),
        Ops.randomUniform(Shape.scalar(), 0, 1, DType.FLOAT32, 0)));
    List<List<NdArray<?>>> twice = noisy.cache().repeat(2).toList();
    assertEquals(twice.subList(0, 5), twice.subList(5, 10), "the second pass reads the cache");
    List<List<NdArray<?>>> uncached = noisy.repeat(2).toList();
    assertNotEquals(uncached.subList(0, 5), uncached.subList(5, 10), "without a cache the map runs again");
    Dataset onDisk = noisy.cache(dir.resolve("noisy"));
    List<List<NdArray<?>>> first = onDisk.toList();
    assertTrue(dir.toFile().list().length > 0, "cache files written");
    assertEquals(first, onDisk.toList(), "a later iteration (another graph) reads the files");
    var missing = assertThrows(IllegalArgumentException.class, () -> noisy.cache(dir.resolve("no/such/prefix")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }
}
