package dev.jkeras.trainers.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.Shape;
import dev.jkeras.backend.Backends;
import dev.jkeras.backend.GraphFunction;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.backend.RandomSeeds;
import dev.jkeras.ops.Ops;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;

/** Batches of in-memory arrays: fed once, gathered in the graph by indices, reshuffled per epoch with the seeded shuffle. */
class ArrayDataAdapterTest {

  @AfterEach
  void clearSeed() {
    RandomSeeds.clearGlobalSeed();
  }

  private static ArrayData samples(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = 100 + i;
    }
    return new ArrayData(List.of(NdArrays.vectorOf(values)), List.of(), n);
  }

  /** A function gathering the rows of a fed vector at the fed indices, as a traced step does. */
  private static GraphFunction gather(ModelGraph graph) {
    return graph.trace(() -> {
      KerasTensor x = graph.placeholder("x", DType.FLOAT32, Shape.of(Shape.UNKNOWN));
      KerasTensor indices = graph.placeholder("batch_indices", DType.INT32, Shape.of(Shape.UNKNOWN));
      return graph.function(List.of(x, indices), List.of(Ops.take(x, indices)), List.of());
    });
  }

  private static float[] floats(NdArray<?> array) {
    FloatNdArray f = (FloatNdArray) array;
    float[] out = new float[(int) f.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.getFloat(i);
    }
    return out;
  }

  @Test
  void batchesGatherTheSamplesInOrderWithASmallerLastBatch() {
    try (ModelGraph graph = Backends.get().newGraph("adapter");
        ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, samples(10), 4)) {
      GraphFunction f = gather(graph);
      assertEquals(3, adapter.numBatches());
      assertEquals(4, adapter.batchSize());
      adapter.onEpochBegin();
      float[][] expected = {{100, 101, 102, 103}, {104, 105, 106, 107}, {108, 109}};
      for (int b = 0; b < 3; b++) {
        try (DataAdapter.Batch batch = adapter.batch(b)) {
          assertEquals(b * 4, batch.firstSample());
          assertArrayEquals(expected[b], floats(f.call(batch.feeds()).get(0)));
        }
      }
      assertThrows(IndexOutOfBoundsException.class, () -> adapter.batch(3));
    }
  }

  @Test
  void aViewBatchesATailOfTheSameFeedsAndLeavesThemOpen() {
    try (ModelGraph graph = Backends.get().newGraph("adapter_view");
        ArrayDataAdapter training = ArrayDataAdapter.of(graph, samples(10), 0, 7, 4, null)) {
      GraphFunction f = gather(graph);
      try (ArrayDataAdapter validation = training.view(7, 10, 2)) {
        assertEquals(3, validation.samples());
        assertEquals(2, validation.numBatches());
        try (DataAdapter.Batch batch = validation.batch(1)) {
          assertArrayEquals(new float[] {109}, floats(f.call(batch.feeds()).get(0)));
        }
      }
      try (DataAdapter.Batch batch = training.batch(1)) {
        assertArrayEquals(new float[] {104, 105, 106}, floats(f.call(batch.feeds()).get(0)),
            "the training feeds outlive the closed view");
      }
    }
  }

  @Test
  void withoutAShuffleTheOrderStays() {
    try (ModelGraph graph = Backends.get().newGraph("adapter_order");
        ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, samples(6), 2)) {
      adapter.onEpochBegin();
      adapter.onEpochBegin();
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, adapter.order());
    }
  }

  @Test
  void eachEpochReshufflesAndTheGlobalSeedRepeatsTheSequence() {
    RandomSeeds.setGlobalSeed(1234);
    int[][] first = epochOrders(new SeededShuffle(), 3);
    RandomSeeds.setGlobalSeed(1234);
    int[][] again = epochOrders(new SeededShuffle(), 3);
    for (int e = 0; e < 3; e++) {
      assertArrayEquals(first[e], again[e], "epoch " + e + " repeats under the same seed");
      int[] sorted = first[e].clone();
      Arrays.sort(sorted);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, sorted, "a permutation of the samples");
    }
    assertFalse(Arrays.equals(first[0], first[1]), "the second epoch is shuffled again");
    RandomSeeds.setGlobalSeed(99);
    assertFalse(Arrays.equals(first[0], epochOrders(new SeededShuffle(), 1)[0]), "another seed, another order");
  }

  private static int[][] epochOrders(SeededShuffle shuffle, int epochs) {
    try (ModelGraph graph = Backends.get().newGraph("adapter_shuffle");
        ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, samples(12), 0, 12, 5, shuffle)) {
      int[][] orders = new int[epochs][];
      for (int e = 0; e < epochs; e++) {
        adapter.onEpochBegin();
        orders[e] = adapter.order();
      }
      return orders;
    }
  }

  @Test
  void theSignatureNamesDtypesSampleShapesAndWeights() {
    ArrayData data = new ArrayData(List.of(NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(5, 3))),
        List.of(NdArrays.ofInts(org.tensorflow.ndarray.Shape.of(5))), 5);
    DataSignature signature = data.signature();
    assertEquals(List.of(DType.FLOAT32), signature.xTypes());
    assertEquals(List.of(Shape.of(3)), signature.xSamples());
    assertEquals(List.of(DType.INT32), signature.yTypes());
    assertFalse(signature.weighted());
    assertTrue(data.withSampleWeights(NdArrays.vectorOf(1f, 1f, 1f, 1f, 1f)).signature().weighted());
    assertEquals(3, data.withSampleWeights(NdArrays.vectorOf(1f, 1f, 1f, 1f, 1f)).arrays().size());
  }

  @Test
  void badRangesAreRefusedClearly() {
    try (ModelGraph graph = Backends.get().newGraph("adapter_bad")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ArrayDataAdapter.of(graph, samples(4), 0, 5, 2, null));
      assertTrue(e.getMessage().contains("exceeds the 4 samples"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> ArrayDataAdapter.of(graph, samples(4), 0));
    }
  }

  // ---- sharded for data-parallel training (issue 19)

  @Test
  void aShardTakesItsSliceOfEveryGlobalBatch() {
    float[][][] expected = {
        {{100, 101}, {104, 105}, {108}},
        {{102, 103}, {106, 107}, {109}}};   // sample 110 does not divide over 2 workers: left out
    for (int worker = 0; worker < 2; worker++) {
      try (ModelGraph graph = Backends.get().newGraph("adapter_shard");
          ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, samples(11), 4).shard(2, worker)) {
        GraphFunction f = gather(graph);
        assertEquals(3, adapter.numBatches());
        assertEquals(2, adapter.batchSize());
        assertTrue(adapter.full(0, 2));
        assertFalse(adapter.full(0, 3));
        for (int b = 0; b < 3; b++) {
          try (DataAdapter.Batch batch = adapter.batch(b)) {
            assertArrayEquals(expected[worker][b], floats(f.call(batch.feeds()).get(0)));
          }
        }
      }
    }
  }

  @Test
  void aShardDropsALastBatchSmallerThanTheWorkersAndRefusesAnIndivisibleBatch() {
    try (ModelGraph graph = Backends.get().newGraph("adapter_shard_small");
        ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, samples(13), 4).shard(2, 1)) {
      assertEquals(3, adapter.numBatches());
      try (ArrayDataAdapter three = ArrayDataAdapter.of(graph, samples(13), 4)) {
        var e = assertThrows(IllegalArgumentException.class, () -> three.shard(3, 0));
        assertTrue(e.getMessage().contains("global batch size 4 does not divide by the 3 workers"), e.getMessage());
      }
    }
  }

  @Test
  void anEvaluationShardUsesEverySampleCuttingAShortLastBatchIntoNearlyEqualSlices() {
    // 13 samples in global batches of 4 over 3 workers would be refused (4 % 3), so over 2: the last
    // batch of 1 sample goes to worker 1, and worker 0's slice of it is empty.
    float[][][] expected = {
        {{100, 101}, {104, 105}, {108, 109}, {}},
        {{102, 103}, {106, 107}, {110, 111}, {112}}};
    for (int worker = 0; worker < 2; worker++) {
      try (ModelGraph graph = Backends.get().newGraph("adapter_eval_shard");
          ArrayDataAdapter adapter = ArrayDataAdapter.of(graph, samples(13), 4).shardForEvaluation(2, worker)) {
        GraphFunction f = gather(graph);
        assertEquals(4, adapter.numBatches());
        assertEquals(2, adapter.batchSize());
        assertTrue(adapter.full(0, 3));
        assertFalse(adapter.full(0, 4));
        for (int b = 0; b < 4; b++) {
          try (DataAdapter.Batch batch = adapter.batch(b)) {
            assertArrayEquals(expected[worker][b], floats(f.call(batch.feeds()).get(0)));
          }
        }
      }
    }
    try (ModelGraph graph = Backends.get().newGraph("adapter_eval_shard_bad");
        ArrayDataAdapter three = ArrayDataAdapter.of(graph, samples(13), 4)) {
      var e = assertThrows(IllegalArgumentException.class, () -> three.shardForEvaluation(3, 0));
      assertTrue(e.getMessage().contains("give evaluate (or fit, for validation) a batchSize that is a multiple of 3"),
          e.getMessage());
    }
  }
}
