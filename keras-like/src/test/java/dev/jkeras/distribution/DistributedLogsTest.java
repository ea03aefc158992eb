package dev.jkeras.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs of data-parallel training are global, as under MultiWorkerMirroredStrategy: two worker
 * JVMs (loopback, in a network namespace of the test's own) fit and evaluate {@link TinyMlp} with a
 * metric, and both must log, every epoch and for the evaluation, the values one process computes over
 * the global batches. Validation and evaluation are sharded (each worker its slice of every global batch, one worker
 * an empty slice of a last batch of one sample), and still gives every worker the whole data's result.
 * A {@code Dataset} of the same batches is sharded automatically, as the arrays are.
 */
class DistributedLogsTest {
  private static final int EPOCHS = 2;

  @Test
  void twoWorkersLogTheGlobalLossAndMetricsOfOneProcess(@TempDir Path dir) throws Exception {
    assumeNamespaces();
    String logs = workersLogs(dir, "arrays");
    StringBuilder single = new StringBuilder();
    MetricsWorkerMain.fitAndEvaluate(TinyMlp.model(7), EPOCHS, single);
    System.out.println("one process:\n" + single);
    // One process sums each batch's losses in another order (one mean over 16 against two over 8,
    // and weights trained from rounded-differently gradients): close, not bit-identical.
    assertClose(single.toString(), withoutWeights(logs));
  }

  @Test
  void aDatasetIsShardedByBatchAsArraysAre(@TempDir Path dir) throws Exception {
    assumeNamespaces();
    String fromDatasets = workersLogs(dir.resolve("datasets"), "dataset");
    String fromArrays = workersLogs(dir.resolve("arrays"), "arrays");
    // Each worker takes the same half of every global batch of 16 (no batch is short here) in both:
    // the same arithmetic, so the same logs and weights, bit for bit.
    assertEquals(fromArrays, fromDatasets, "a dataset fit differs from the array fit");
    // Sharded, not read whole by each worker: the weights are those of averaging the halves' gradients.
    assertEquals("weights " + TinyMlp.bits(TinyMlp.reference(2, EPOCHS)).replace('\n', '|'),
        fromDatasets.lines().filter(l -> l.startsWith("weights ")).findFirst().orElseThrow());
  }

  private static void assumeNamespaces() {
    String why = WorkerCluster.namespaceUnavailable();
    assumeTrue(why == null, () -> "Skipping the multi-process tests: " + why);
  }

  /** What both workers of a cluster of {@link MetricsWorkerMain} in {@code mode} wrote; fails unless they agree. */
  private static String workersLogs(Path dir, String mode) throws Exception {
    Files.createDirectories(dir);
    String logs0;
    String logs1;
    try (WorkerCluster cluster = WorkerCluster.start(dir, 2, MetricsWorkerMain.class,
        i -> List.of(Integer.toString(EPOCHS), "30", "150", mode))) {
      List<WorkerCluster.Worker> workers = cluster.await(180);
      String logs = cluster.logs();
      assertEquals(0, workers.get(0).exitCode(), logs);
      assertEquals(0, workers.get(1).exitCode(), logs);
      logs0 = Files.readString(dir.resolve("weights0"));
      logs1 = Files.readString(dir.resolve("weights1"));
    }
    System.out.println(mode + ", worker 0:\n" + logs0 + mode + ", worker 1:\n" + logs1);
    // Each worker sums the same state (its totals and counts plus the other's) in the same order: equal bits.
    assertEquals(logs0, logs1, "the two workers logged different values or ended with different weights");
    return logs0;
  }

  private static String withoutWeights(String logs) {
    return logs.lines().filter(l -> !l.startsWith("weights ")).map(l -> l + "\n").reduce("", String::concat);
  }

  private static void assertClose(String expected, String actual) {
    String[] e = expected.trim().split("\\s+");
    String[] a = actual.trim().split("\\s+");
    assertEquals(e.length, a.length, "logs differ in shape:\n" + expected + "\nagainst\n" + actual);
    int values = 0;
    for (int i = 0; i < e.length; i++) {
      int eq = e[i].indexOf('=');
      if (eq < 0) {
        assertEquals(e[i], a[i]);
        continue;
      }
      assertEquals(e[i].substring(0, eq), a[i].substring(0, a[i].indexOf('=')));
      double ev = Double.parseDouble(e[i].substring(eq + 1));
      double av = Double.parseDouble(a[i].substring(a[i].indexOf('=') + 1));
      assertEquals(ev, av, 1e-5 * Math.max(1, Math.abs(ev)), e[i] + " against " + a[i]);
      values++;
    }
    assertEquals(4 * EPOCHS + 2 * 2, values,
        "expected loss, mae, val_loss and val_mae per epoch, and loss and mae per evaluate:\n" + actual);
  }
}
