package dev.jkeras.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real Keras 3 as the judge of tests: runs a Python script (a test resource under {@code oracle/})
 * with {@code ../shared/oracles/keras/python} (Keras 3.15.1 on its numpy backend). Tests call
 * {@link #assumeAvailable()} first, so they skip with a clear message where the oracle is absent.
 * Scripts exchange arrays through {@code .npy} files ({@link Npy}) and results through JSON; each
 * launch costs one to two seconds, so one script should do a whole batch.
 */
public final class KerasOracle {
  /** The oracle, relative to the repository root (tests run in a module directory). */
  public static final Path HOME = Path.of("../../shared/oracles/keras").toAbsolutePath().normalize();
  private static final Path PYTHON = HOME.resolve("python");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private KerasOracle() {}

  public static boolean isAvailable() {
    return Files.isExecutable(PYTHON);
  }

  /** Skips the calling test unless the oracle is present. */
  public static void assumeAvailable() {
    assumeTrue(isAvailable(), "Skipped: real Keras (the oracle at " + HOME + ") is absent; these tests need "
        + "../shared/oracles/keras/python (see its README.md)");
  }

  /** The output of {@code oracle/<script>} run with {@code args}; fails with Python's traceback. */
  public static String run(String script, String... args) {
    return run(DEFAULT_TIMEOUT, script, args);
  }

  /** As {@link #run(String, String...)}, killing the script after {@code timeout}. */
  public static String run(Duration timeout, String script, String... args) {
    Path file = script(script);
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), file.toString()));
    command.addAll(List.of(args));
    return launch(command, file.getParent(), timeout, script + " " + String.join(" ", args));
  }

  /**
   * The values a short inline script prints as {@code @@key=value} lines, by key, in order; skips the
   * calling test unless the oracle is present.
   */
  public static Map<String, String> printedValues(String code) {
    assumeAvailable();
    String output = launch(List.of(PYTHON.toString(), "-c", code), HOME, DEFAULT_TIMEOUT, "(inline)");
    Map<String, String> values = new LinkedHashMap<>();
    output.lines().filter(line -> line.startsWith("@@") && line.contains("=")).forEach(line -> {
      int eq = line.indexOf('=');
      values.put(line.substring(2, eq), line.substring(eq + 1));
    });
    return values;
  }

  private static String launch(List<String> command, Path directory, Duration timeout, String script) {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(directory.toFile()).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the Keras oracle " + PYTHON + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("Keras oracle script " + script + " did not finish within " + timeout
            + "; its output so far:\n" + stdout.getNow("") + stderr.getNow(""));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("Keras oracle script " + script + " failed (exit "
            + process.exitValue() + "):\n" + stderr.join() + stdout.join());
      }
      return stdout.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Keras oracle", e);
    }
  }

  private static CompletableFuture<String> drain(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "<unreadable: " + e + ">";
      }
    });
  }

  private static Path script(String name) {
    URL url = KerasOracle.class.getResource("/oracle/" + name);
    if (url == null) {
      throw new IllegalArgumentException("No oracle script " + name + " among the test resources (oracle/)");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
