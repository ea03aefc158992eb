package dev.jkeras.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs of a test, started on loopback inside a network namespace of their own
 * ({@code unshare -n}, then {@code ip link set lo up}), so their ports meet no other process's. Every
 * worker runs {@link WorkerMain} with the test's class path and its own {@code TF_CONFIG}; each ends by
 * itself (its watchdog), and {@link #close} kills whatever is left.
 */
final class WorkerCluster implements AutoCloseable {
  /** The result of one worker: its exit code and what it printed. */
  record Worker(int exitCode, String log) {}

  private final Path dir;
  private final Process launcher;
  private final int count;
  private final long startNanos = System.nanoTime();

  private WorkerCluster(Path dir, Process launcher, int count) {
    this.dir = dir;
    this.launcher = launcher;
    this.count = count;
  }

  /** Whether this machine lets the test make a network namespace; null if so, else why not. */
  static String namespaceUnavailable() {
    try {
      Process probe = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up").redirectErrorStream(true)
          .start();
      if (!probe.waitFor(20, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return "unshare -n did not finish within 20 s";
      }
      String output = new String(probe.getInputStream().readAllBytes());
      return probe.exitValue() == 0 ? null : "unshare -n / ip link failed (needs root or CAP_SYS_ADMIN): " + output;
    } catch (IOException | InterruptedException e) {
      return "unshare is not available: " + e.getMessage();
    }
  }

  static String address(int task) {
    return "127.0.0.1:" + (20000 + task);
  }

  /** Starts {@code count} workers; {@code argsOf} gives worker i's arguments after its weights file. */
  static WorkerCluster start(Path dir, int count, java.util.function.IntFunction<List<String>> argsOf)
      throws IOException {
    return start(dir, count, WorkerMain.class, argsOf);
  }

  /** As {@link #start(Path, int, java.util.function.IntFunction)}, each worker running {@code main}. */
  static WorkerCluster start(Path dir, int count, Class<?> main, java.util.function.IntFunction<List<String>> argsOf)
      throws IOException {
    StringBuilder workers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      workers.append(i == 0 ? "" : ", ").append('"').append(address(i)).append('"');
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder script = new StringBuilder("ip link set lo up || exit 97\n");
    for (int i = 0; i < count; i++) {
      Files.writeString(dir.resolve("tf_config" + i), "{\"cluster\": {\"worker\": [" + workers + "]}, "
          + "\"task\": {\"type\": \"worker\", \"index\": " + i + "}}");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", "\"$JKERAS_CP\"", main.getName(), quote(dir.resolve("weights" + i).toString())));
      argsOf.apply(i).forEach(a -> command.add(quote(a)));
      script.append("TF_CONFIG=\"$(cat ").append(quote(dir.resolve("tf_config" + i).toString())).append(")\" ")
          .append(String.join(" ", command)).append(" > ").append(quote(dir.resolve("log" + i).toString()))
          .append(" 2>&1 &\n").append("p").append(i).append("=$!\n");
    }
    for (int i = 0; i < count; i++) {
      script.append("wait $p").append(i).append("; echo $? > ").append(quote(dir.resolve("rc" + i).toString()))
          .append('\n');
    }
    Path file = dir.resolve("cluster.sh");
    Files.writeString(file, script);
    ProcessBuilder builder = new ProcessBuilder("unshare", "-n", "sh", file.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("launcher.log").toFile());
    builder.environment().put("JKERAS_CP", System.getProperty("java.class.path"));
    builder.environment().remove("TF_CONFIG");
    return new WorkerCluster(dir, builder.start(), count);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Waits for every worker to end (at most {@code seconds}); kills them all when that passes. */
  List<Worker> await(long seconds) throws IOException, InterruptedException {
    if (!launcher.waitFor(seconds, TimeUnit.SECONDS)) {
      close();
      throw new AssertionError("The workers did not end within " + seconds + " s; logs:\n" + logs());
    }
    List<Worker> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path rc = dir.resolve("rc" + i);
      result.add(new Worker(Files.exists(rc) ? Integer.parseInt(Files.readString(rc).strip()) : -1,
          Files.readString(dir.resolve("log" + i))));
    }
    return result;
  }

  /** Waits for worker {@code task} alone to end (at most {@code seconds}); returns it. */
  Worker awaitWorker(int task, long seconds) throws IOException, InterruptedException {
    Path rc = dir.resolve("rc" + task);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!Files.exists(rc) || Files.readString(rc).isBlank()) {
      if (System.nanoTime() > deadline) {
        close();
        throw new AssertionError("Worker " + task + " did not end within " + seconds + " s; logs:\n" + logs());
      }
      Thread.sleep(200);
    }
    return new Worker(Integer.parseInt(Files.readString(rc).strip()), Files.readString(dir.resolve("log" + task)));
  }

  /** Seconds since the workers were started. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  String logs() throws IOException {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      Path log = dir.resolve("log" + i);
      out.append("--- worker ").append(i).append(":\n").append(Files.exists(log) ? Files.readString(log) : "(none)");
    }
    return out.append("--- launcher:\n").append(Files.readString(dir.resolve("launcher.log"))).toString();
  }

  String weights(int task) throws IOException {
    return Files.readString(dir.resolve("weights" + task));
  }

  /** Kills the workers and the launcher if any is still running. */
  @Override
  public void close() {
    launcher.descendants().forEach(ProcessHandle::destroyForcibly);
    launcher.destroyForcibly();
  }
}
