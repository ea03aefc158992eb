package dev.jkeras.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ms per training step of the seed MLP (784-300-100-10, 266,610 parameters) for 1, 2 and 3 worker
 * processes on this machine, per-worker batch 32, with the gradients all-reduced packed (one tensor)
 * and unpacked (one all-reduce per weight, 6), and the time of one lone packed all-reduce of the
 * gradients' size. Run with
 * {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.jkeras.samples.DistributedBenchmark [-Dexec.args=STEPS]}.
 */
public final class DistributedBenchmark {
  private DistributedBenchmark() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path logs = Files.createTempDirectory("jkeras-distributed-benchmark");
    System.out.printf("| Workers | Gradients | ms/step | one all-reduce of 266,610 floats (ms) |%n|---|---|---|---|%n");
    for (int workers = 1; workers <= 3; workers++) {
      for (boolean packed : workers == 1 ? List.of(true) : List.of(true, false)) {
        try (WorkerProcesses run = WorkerProcesses.start(workers, MultiWorkerMlpWorker.class,
            List.of("--benchmark", Integer.toString(steps), Boolean.toString(packed)),
            logs.resolve(workers + (packed ? "-packed" : "-unpacked")))) {
          List<Integer> codes = run.await(1800);
          if (codes.stream().anyMatch(c -> c != 0)) {
            throw new IllegalStateException("A worker failed: " + codes + "\n" + run.log(0));
          }
          String chief = run.log(0);
          System.out.printf("| %d | %s | %s | %s |%n", workers, workers == 1 ? "(none)" : packed ? "packed" : "unpacked",
              result(chief, "ms_per_step"), workers == 1 ? "-" : result(chief, "all_reduce_ms"));
        }
      }
    }
  }

  private static String result(String log, String name) {
    return log.lines().filter(l -> l.startsWith("RESULT " + name + " ")).map(l -> l.substring(8 + name.length()))
        .findFirst().orElse("?");
  }
}
