package dev.jkeras.distribution;

import dev.jkeras.callbacks.BackupAndRestore;
import dev.jkeras.callbacks.Callback;
import dev.jkeras.callbacks.LambdaCallback;
import dev.jkeras.models.Sequential;
import dev.jkeras.optimizers.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker of the data-parallel tests, run in its own JVM with {@code TF_CONFIG} set: trains
 * {@link TinyMlp} with {@code fit} under a {@link MultiWorkerMirroredStrategy} and writes its weights'
 * bits. It ends by itself: after {@code lifetimeSeconds} a watchdog halts it (exit 3). A worker given
 * a kill epoch {@code k > 0} SIGKILLs itself at the end of epoch {@code k - 1} (0-based), as a crashed
 * machine would vanish; given {@code -k}, it SIGSTOPs itself there instead (a hung worker, whose port
 * still accepts connections; the test kills it).
 *
 * <p>Arguments: weights file, epochs, initial-weights seed, collective timeout (s), lifetime (s), kill
 * epoch (0: none), packed gradients (true/false), and optionally a BackupAndRestore directory.
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    int timeout = Integer.parseInt(args[3]);
    int lifetime = Integer.parseInt(args[4]);
    int killEpoch = Integer.parseInt(args[5]);
    boolean packed = Boolean.parseBoolean(args[6]);
    long start = System.nanoTime();
    WorkerLife.live(lifetime, () -> {
      DataParallel strategy = new MultiWorkerMirroredStrategy().withTimeoutSeconds(timeout).withPackedGradients(packed);
      Distribution.setDistribution(strategy);
      Sequential model = TinyMlp.model(seed);
      model.compile(new SGD(TinyMlp.LEARNING_RATE), "mse");
      List<Callback> callbacks = new ArrayList<>();
      if (args.length > 7) {
        callbacks.add(new BackupAndRestore(Path.of(args[7])));
      }
      callbacks.add(new LambdaCallback().onEpochEnd((epoch, logs) -> {
        System.out.println("WORKER " + strategy.taskIndex() + " EPOCH " + epoch + " loss " + logs.get("loss")
            + " at " + (System.nanoTime() - start) / 1_000_000 + " ms");
        if (epoch == Math.abs(killEpoch) - 1) {
          try {
            String signal = killEpoch > 0 ? "-9" : "-STOP";
            new ProcessBuilder("kill", signal, Long.toString(ProcessHandle.current().pid())).start().waitFor();
          } catch (Exception e) {
            Runtime.getRuntime().halt(9);
          }
        }
      }));
      model.fit(TinyMlp.x(), TinyMlp.y(), fit -> fit.epochs(epochs).batchSize(TinyMlp.GLOBAL_BATCH).shuffle(false)
          .verbose(0).callbacks(callbacks));
      TinyMlp.writeBits(model.getWeights(), out);
      return "WORKER " + strategy.taskIndex() + " DONE in " + (System.nanoTime() - start) / 1_000_000 + " ms";
    });
  }
}
