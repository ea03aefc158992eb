package dev.jkeras.backend.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the tests in a child JVM, so that a native crash (SIGSEGV, SIGABRT) ends the
 * child, which the test observes, instead of the test JVM.
 */
public final class ChildJvm {
  /** What the child did: its exit code (-1 when it was killed at the timeout) and its output. */
  public record Outcome(int exitCode, String output) {}

  private ChildJvm() {}

  public static Outcome run(Class<?> main, long timeoutSeconds, String... args) throws IOException, InterruptedException {
    return run(main, timeoutSeconds, Map.of(), args);
  }

  /** Runs {@code main} with {@code environment} added to this JVM's environment. */
  public static Outcome run(Class<?> main, long timeoutSeconds, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("jkeras-child", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Outcome(-1, Files.readString(log));
      }
      return new Outcome(process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
