package dev.jkeras.samples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs on this machine for the multi-worker sample and benchmark: {@code n} processes of a
 * main class with this JVM's class path, each with its own {@code TF_CONFIG} on a free loopback port.
 * Each worker's output goes to {@code worker<i>.log}; {@link #close} kills any still running.
 */
final class WorkerProcesses implements AutoCloseable {
  private final List<Process> processes;
  private final List<Path> logs;

  private WorkerProcesses(List<Process> processes, List<Path> logs) {
    this.processes = processes;
    this.logs = logs;
  }

  static WorkerProcesses start(int count, Class<?> main, List<String> args, Path logDir) throws IOException {
    List<String> addresses = new ArrayList<>();
    // The probes stay open until every port is picked, so that no two workers get the same one.
    List<ServerSocket> probes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        probes.add(probe);
        addresses.add("127.0.0.1:" + probe.getLocalPort());
      }
    } finally {
      for (ServerSocket probe : probes) {
        probe.close();
      }
    }
    String workers = String.join(", ", addresses.stream().map(a -> "\"" + a + "\"").toList());
    Files.createDirectories(logDir);
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    WorkerProcesses started = new WorkerProcesses(processes, logs);
    try {
      for (int i = 0; i < count; i++) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xmx1g", "-cp", classPath(), main.getName()));
        command.addAll(args);
        Path log = logDir.resolve("worker" + i + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TF_CONFIG", "{\"cluster\": {\"worker\": [" + workers + "]}, \"task\": {\"type\": "
            + "\"worker\", \"index\": " + i + "}}");
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        processes.add(builder.start());
        logs.add(log);
      }
    } catch (IOException | RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  /** This program's class path: exec:java's class loader's, else the JVM's. */
  private static String classPath() {
    if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (var url : loader.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          // not a file: skip
        }
      }
      if (!entries.isEmpty()) {
        return String.join(java.io.File.pathSeparator, entries);
      }
    }
    return System.getProperty("java.class.path");
  }

  /** Waits for all workers (at most {@code seconds} in all); kills them at the deadline. Returns exit codes. */
  List<Integer> await(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Integer> codes = new ArrayList<>();
    for (Process p : processes) {
      long left = deadline - System.nanoTime();
      if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        close();
        throw new IllegalStateException("The workers did not finish within " + seconds + " s; killed them. Logs: "
            + logs);
      }
      codes.add(p.exitValue());
    }
    return codes;
  }

  String log(int worker) throws IOException {
    return Files.readString(logs.get(worker));
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
