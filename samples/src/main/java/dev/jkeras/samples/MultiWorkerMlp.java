package dev.jkeras.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's Fashion-MNIST MLP trained data-parallel by 3 worker processes on this machine (issue 19):
 * this process starts the workers ({@link MultiWorkerMlpWorker}, each with its {@code TF_CONFIG} on a
 * loopback port), waits for them and reports the chief's figures. Each worker runs the single-machine
 * {@code compile}/{@code fit} code under a {@code MultiWorkerMirroredStrategy}.
 */
public final class MultiWorkerMlp implements Sample {
  static final int WORKERS = 3;

  @Override
  public String name() {
    return "multi_worker_mlp";
  }

  @Override
  public String description() {
    return "Issue 19: the seed 002 Fashion-MNIST MLP trained data-parallel by 3 worker processes on this machine "
        + "(TF_CONFIG, MultiWorkerMirroredStrategy, TensorFlow's gRPC runtime and all-reduce)";
  }

  @Override
  public void run(SampleArgs args) {
    Path out = args.outputDir(this);
    List<String> workerArgs = new ArrayList<>(List.of("--epochs", Integer.toString(args.epochs(5)), "--out",
        out.toString()));
    if (args.smoke()) {
      workerArgs.add("--smoke");
    }
    if (args.subset()) {
      workerArgs.add("--subset");
    }
    System.out.println("Starting " + WORKERS + " workers on loopback; their logs go to " + out.toAbsolutePath());
    try (WorkerProcesses workers = WorkerProcesses.start(WORKERS, MultiWorkerMlpWorker.class, workerArgs, out)) {
      List<Integer> codes = workers.await(3000);
      for (int i = 0; i < WORKERS; i++) {
        if (codes.get(i) != 0) {
          throw new IllegalStateException("Worker " + i + " failed (exit " + codes.get(i) + "):\n" + workers.log(i));
        }
      }
      String chief = workers.log(0);
      System.out.println(chief.lines().filter(l -> !l.startsWith("RESULT")).reduce("", (a, b) -> a + b + "\n"));
      for (String line : chief.lines().filter(l -> l.startsWith("RESULT ")).toList()) {
        String[] parts = line.split(" ", 3);
        Object value;
        try {
          value = Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
          value = parts[2];
        }
        args.record(parts[1], value);
        System.out.println(parts[1] + ": " + parts[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the workers ran", e);
    }
  }
}
