package dev.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a Python script against real Keras 3 (the oracle in {@code ../shared/oracles/keras}, numpy
 * backend) and reads back what it prints; tests using it skip when the oracle is absent.
 */
final class KerasOracle {
  private static final Path PYTHON = Path.of("../../shared/oracles/keras/python").toAbsolutePath().normalize();

  private KerasOracle() {}

  static void assumeAvailable() {
    assumeTrue(Files.isExecutable(PYTHON), "the Keras oracle is absent: " + PYTHON);
  }

  /**
   * The values the script prints as {@code @@key=value} lines, by key; the script runs with
   * {@code keras} importable.
   */
  static Map<String, String> run(String script) throws Exception {
    assumeAvailable();
    Process process = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    Map<String, String> values = new LinkedHashMap<>();
    output.lines().filter(line -> line.startsWith("@@") && line.contains("=")).forEach(line -> {
      int eq = line.indexOf('=');
      values.put(line.substring(2, eq), line.substring(eq + 1));
    });
    return values;
  }
}
