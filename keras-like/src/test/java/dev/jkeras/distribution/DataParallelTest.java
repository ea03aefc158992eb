package dev.jkeras.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * Data-parallel training across worker processes on TensorFlow's gRPC runtime: two worker JVMs on
 * loopback in a network namespace of the test's own train {@link TinyMlp} with {@code fit}, and must
 * end with the same weights as one process doing the same arithmetic; a killed worker must stop the
 * other within a bounded time, naming the dead task; bad clusters are refused before any server starts.
 */
class DataParallelTest {
  private static final int EPOCHS = 2;

  private static void assumeNamespaces() {
    String why = WorkerCluster.namespaceUnavailable();
    assumeTrue(why == null, () -> "Skipping the multi-process tests: " + why);
  }

  @Test
  void twoWorkersEndBitIdenticalToOneProcessAveragingTheHalvesGradients(@TempDir Path dir) throws Exception {
    assumeNamespaces();
    List<WorkerCluster.Worker> workers;
    String w0;
    String w1;
    try (WorkerCluster cluster = WorkerCluster.start(dir, 2, i -> List.of(Integer.toString(EPOCHS),
        // Worker 1 starts from other weights: the chief's broadcast at fit start must replace them.
        i == 0 ? "7" : "1234", "30", "150", "0", "true"))) {
      workers = cluster.await(180);
      String logs = cluster.logs();
      assertEquals(0, workers.get(0).exitCode(), logs);
      assertEquals(0, workers.get(1).exitCode(), logs);
      System.out.println(logs);
      w0 = cluster.weights(0);
      w1 = cluster.weights(1);
    }
    assertEquals(w0, w1, "the two workers' weights differ");
    // The same 8 steps in one process: each global batch of 16 cut into the workers' halves
    // (samples 0-7 and 8-15 of it), the gradient of each half's mean loss, (g0 + g1) / 2, SGD.
    assertEquals(TinyMlp.bits(TinyMlp.reference(2, EPOCHS)), w0);
    assertNotEquals(TinyMlp.bits(TinyMlp.model(7).getWeights()), w0, "training changed nothing");
  }

  @Test
  void halvesAverageIsThePlainGlobalBatchGradientUpToRounding() {
    // A plain fit on global batches of 16: the same mathematics (the mean of two half-batch means of
    // equal size is the batch mean), summed in another order, so only close, not bit-identical.
    Sequential plain = TinyMlp.model(7);
    plain.compile(new SGD(TinyMlp.LEARNING_RATE), "mse");
    plain.fit(TinyMlp.x(), TinyMlp.y(), fit -> fit.epochs(EPOCHS).batchSize(TinyMlp.GLOBAL_BATCH).shuffle(false)
        .verbose(0));
    List<NdArray<?>> reference = TinyMlp.reference(2, EPOCHS);
    List<NdArray<?>> global = plain.getWeights();
    for (int i = 0; i < global.size(); i++) {
      float[] av = floats(global.get(i));
      float[] bv = floats(reference.get(i));
      for (int k = 0; k < av.length; k++) {
        assertEquals(av[k], bv[k], 1e-5, "weight " + i + " element " + k);
      }
    }
  }

  private static float[] floats(NdArray<?> array) {
    List<Float> values = new java.util.ArrayList<>();
    ((FloatNdArray) array).scalars().forEach(s -> values.add(s.getFloat()));
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i);
    }
    return result;
  }

  @Test
  void aKilledWorkerStopsTheOtherWithinTheTimeoutNamingIt(@TempDir Path dir) throws Exception {
    assumeNamespaces();
    int timeout = 10;
    try (WorkerCluster cluster = WorkerCluster.start(dir, 2, i -> List.of("4", "7", Integer.toString(timeout),
        "150", i == 1 ? "1" : "0", "true"))) {
      List<WorkerCluster.Worker> workers = cluster.await(180);
      String logs = cluster.logs();
      assertEquals(137, workers.get(1).exitCode(), "worker 1 should have been SIGKILLed\n" + logs);
      assertEquals(2, workers.get(0).exitCode(), logs);
      String log = workers.get(0).log();
      System.out.println(logs);
      assertTrue(log.contains("ClusterException"), logs);
      assertTrue(log.contains("worker 1 (127.0.0.1:20001) is not reachable"), logs);
      long epochEnd = Long.parseLong(log.replaceAll("(?s).*WORKER 0 EPOCH 0 loss \\S+ at (\\d+) ms.*", "$1"));
      long failed = Long.parseLong(log.replaceAll("(?s).*WORKER-ERROR after (\\d+) ms.*", "$1"));
      // The dead peer's connection resets at once; at the latest, the collective times out.
      assertTrue(failed - epochEnd < (timeout + 20) * 1000L, "worker 0 failed " + (failed - epochEnd)
          + " ms after its first epoch\n" + logs);
    }
  }

  @Test
  void aHungWorkerMakesTheOtherFailAfterTheCollectiveTimeout(@TempDir Path dir) throws Exception {
    assumeNamespaces();
    int timeout = 8;
    try (WorkerCluster cluster = WorkerCluster.start(dir, 2, i -> List.of("4", "7", Integer.toString(timeout),
        "150", i == 1 ? "-1" : "0", "true"))) {
      // Worker 1 SIGSTOPs itself after epoch 0 (the wait hangs in its rc file's shell until close kills it).
      WorkerCluster.Worker chief = cluster.awaitWorker(0, 150);
      String logs = cluster.logs();
      System.out.println(logs);
      assertEquals(2, chief.exitCode(), logs);
      assertTrue(chief.log().contains("ClusterException"), logs);
      assertTrue(chief.log().contains("every other worker still accepts connections"), logs);
      long epochEnd = Long.parseLong(chief.log().replaceAll("(?s).*WORKER 0 EPOCH 0 loss \\S+ at (\\d+) ms.*", "$1"));
      long failed = Long.parseLong(chief.log().replaceAll("(?s).*WORKER-ERROR after (\\d+) ms.*", "$1"));
      // The next step's all-reduce waits for the hung worker for the timeout, then fails.
      assertTrue(failed - epochEnd >= (timeout - 1) * 1000L && failed - epochEnd < (timeout + 20) * 1000L,
          "worker 0 failed " + (failed - epochEnd) + " ms after its first epoch, with a " + timeout + " s timeout\n"
              + logs);
      assertTrue(chief.log().contains("timed out") || chief.log().contains("Deadline") || chief.log().contains(
          "DEADLINE"), logs);
    }
  }

  @Test
  void restartedWorkersResumeFromTheChiefsBackupAsIfUninterrupted(@TempDir Path dir) throws Exception {
    assumeNamespaces();
    int epochs = 4;
    Path backup = dir.resolve("backup");
    Path first = java.nio.file.Files.createDirectory(dir.resolve("first"));
    try (WorkerCluster cluster = WorkerCluster.start(first, 2, i -> List.of(Integer.toString(epochs), "7", "10", "150",
        i == 1 ? "2" : "0", "true", backup.toString()))) {
      // Worker 1 dies at the end of epoch 1 (0-based), after the chief backed up epochs 0 and 1.
      List<WorkerCluster.Worker> workers = cluster.await(180);
      assertEquals(2, workers.get(0).exitCode(), cluster.logs());
      assertTrue(java.nio.file.Files.readString(backup.resolve("training_metadata.json")).contains("2"),
          cluster.logs());
    }
    Path second = java.nio.file.Files.createDirectory(dir.resolve("second"));
    try (WorkerCluster cluster = WorkerCluster.start(second, 2, i -> List.of(Integer.toString(epochs),
        i == 0 ? "7" : "99", "30", "150", "0", "true", backup.toString()))) {
      List<WorkerCluster.Worker> workers = cluster.await(180);
      String logs = cluster.logs();
      System.out.println(logs);
      assertEquals(0, workers.get(0).exitCode(), logs);
      assertEquals(0, workers.get(1).exitCode(), logs);
      // Both resumed at epoch 2: worker 1 learns the epoch from the chief (it reads no backup itself).
      assertTrue(!logs.contains("EPOCH 0 ") && !logs.contains("EPOCH 1 ") && logs.contains("WORKER 1 EPOCH 3"), logs);
      assertEquals(cluster.weights(0), cluster.weights(1));
      // An uninterrupted run ends where the single-process reference of 4 epochs does.
      assertEquals(TinyMlp.bits(TinyMlp.reference(2, epochs)), cluster.weights(0));
    }
    assertTrue(!java.nio.file.Files.exists(backup.resolve("training_metadata.json")), "the backup was not deleted");
  }

  @Test
  void badClustersAreRefusedWithWhatToDo() {
    var json = assertThrows(IllegalArgumentException.class, () -> TfConfig.parse("{\"cluster\": {\"worker\": ["));
    assertTrue(json.getMessage().contains("TF_CONFIG is not valid JSON"), json.getMessage());
    assertTrue(json.getMessage().contains("Expected e.g."), json.getMessage());

    var index = assertThrows(IllegalArgumentException.class, () -> TfConfig.parse(
        "{\"cluster\": {\"worker\": [\"127.0.0.1:20000\", \"127.0.0.1:20001\"]}, \"task\": {\"type\": \"worker\", "
            + "\"index\": 2}}"));
    assertTrue(index.getMessage().contains("task index 2 is not a worker") && index.getMessage().contains("0 to 1"),
        index.getMessage());

    var negative = assertThrows(IllegalArgumentException.class, () -> new DataParallel(
        TfConfig.of(List.of("127.0.0.1:20000"), -1)));
    assertTrue(negative.getMessage().contains("must be 0 to 0"), negative.getMessage());

    var wildcard = assertThrows(IllegalArgumentException.class, () -> new DataParallel(
        TfConfig.of(List.of("0.0.0.0:20000", "127.0.0.1:20001"), 1)));
    assertTrue(wildcard.getMessage().contains("wildcard") && wildcard.getMessage().contains("explicit host"),
        wildcard.getMessage());

    var empty = assertThrows(IllegalArgumentException.class, () -> new DataParallel(
        TfConfig.of(List.of(":20000"), 0)));
    assertTrue(empty.getMessage().contains("empty host"), empty.getMessage());

    var port = assertThrows(IllegalArgumentException.class, () -> new DataParallel(
        TfConfig.of(List.of("127.0.0.1:99999"), 0)));
    assertTrue(port.getMessage().contains("invalid port"), port.getMessage());

    var job = assertThrows(IllegalArgumentException.class, () -> TfConfig.parse(
        "{\"cluster\": {\"chief\": [\"h:1\"], \"worker\": [\"h:2\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}"));
    assertTrue(job.getMessage().contains("job \"chief\""), job.getMessage());

    var type = assertThrows(IllegalArgumentException.class, () -> TfConfig.parse(
        "{\"cluster\": {\"worker\": [\"h:2\"]}, \"task\": {\"type\": \"ps\", \"index\": 0}}"));
    assertTrue(type.getMessage().contains("expected \"worker\""), type.getMessage());

    var twice = assertThrows(IllegalArgumentException.class, () -> new DataParallel(
        TfConfig.of(List.of("10.0.0.1:2000", "10.0.0.1:2000"), 0)));
    assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());

    TfConfig ok = TfConfig.parse("{\"cluster\": {\"worker\": [\"10.0.0.1:2000\", \"10.0.0.2:2000\"]}, "
        + "\"task\": {\"type\": \"worker\", \"index\": 1}}");
    assertEquals(TfConfig.of(List.of("10.0.0.1:2000", "10.0.0.2:2000"), 1), ok);
    DataParallel parallel = new DataParallel(ok);
    assertEquals(2, parallel.numReplicasInSync());
    assertTrue(!parallel.isChief());
  }
}
