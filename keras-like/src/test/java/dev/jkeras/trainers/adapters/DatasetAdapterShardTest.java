package dev.jkeras.trainers.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.backend.Backends;
import dev.jkeras.backend.ModelGraph;
import dev.jkeras.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The checks of a dataset's automatic sharding (the slicing itself runs in {@code DistributedLogsTest}'s
 * workers): the batch size each worker sees, and the refusals.
 */
class DatasetAdapterShardTest {
  private static DatasetAdapter adapter(ModelGraph graph, boolean dropRemainder) {
    Dataset batches = Dataset.fromTensorSlices(NdArrays.ofFloats(Shape.of(12, 2)), NdArrays.ofFloats(Shape.of(12, 1)))
        .batch(4, dropRemainder);
    return DatasetAdapter.of(batches.pipelineIn(graph), new DatasetAdapter.DatasetLayout(List.of(0), List.of(1), -1),
        false);
  }

  @Test
  void aFixedGlobalBatchIsCutIntoEqualSlices() {
    try (ModelGraph graph = Backends.get().newGraph("dataset_shard");
        DatasetAdapter adapter = adapter(graph, true)) {
      assertEquals(4, adapter.batchSize());
      assertEquals(2, adapter.shard(2, 1).batchSize());
      assertEquals(3, adapter.numBatches(), "every worker reads every batch");
    }
  }

  @Test
  void aBatchSizeThatDoesNotDivideByTheWorkersOrABadIndexIsRefused() {
    try (ModelGraph graph = Backends.get().newGraph("dataset_shard_bad");
        DatasetAdapter fixed = adapter(graph, true);
        DatasetAdapter unknown = adapter(graph, false)) {
      var e = assertThrows(IllegalArgumentException.class, () -> fixed.shard(3, 0));
      assertTrue(e.getMessage().contains("batches of 4 do not divide by the 3 workers: batch it by a multiple of 3"),
          e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> fixed.shard(2, 2));
      assertThrows(IllegalArgumentException.class, () -> fixed.shard(0, 0));
      // Batches of unknown size (a possibly short last one) are cut as they come.
      assertEquals(-1, unknown.shard(3, 2).batchSize());
    }
  }
}
