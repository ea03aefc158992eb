package dev.jkeras.backend.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorFlow's start-up lines are gone from a program's output; its real warnings are not. */
class NativeNoiseTest {
  private static final String ABSL_PREAMBLE = "All log messages before absl::InitializeLog() is called";
  private static final String MLIR_INFO = "MLIR V1 optimization pass is not enabled";
  private static final String KERNEL_WARNING = "OP_REQUIRES failed at";

  @TempDir Path directory;

  private ChildJvm.Outcome run(Map<String, String> environment) throws Exception {
    String missing = directory.resolve("no-such-file.txt").toString();
    return ChildJvm.run(NativeNoiseProgram.class, 120, environment, missing);
  }

  @Test
  void aProgramPrintsNeitherStartUpLineButStillPrintsTensorFlowsWarnings() throws Exception {
    ChildJvm.Outcome outcome = run(Map.of());
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("sum 4.0 6.0"), outcome.output());
    assertFalse(outcome.output().contains(ABSL_PREAMBLE), outcome.output());
    assertFalse(outcome.output().contains(MLIR_INFO), outcome.output());
    assertTrue(outcome.output().contains(KERNEL_WARNING), "a native warning must still reach stderr:\n"
        + outcome.output());
    assertTrue(outcome.output().contains("no-such-file.txt"), outcome.output());
  }

  @Test
  void minLogLevelZeroBringsTheInfoLinesBack() throws Exception {
    ChildJvm.Outcome outcome = run(Map.of("TF_CPP_MIN_LOG_LEVEL", "0"));
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains(MLIR_INFO), outcome.output());
  }

  @Test
  void minLogLevelTwoSilencesWarningsButNotTheProgram() throws Exception {
    ChildJvm.Outcome outcome = run(Map.of("TF_CPP_MIN_LOG_LEVEL", "2"));
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("failed as expected"), outcome.output());
    assertFalse(outcome.output().contains(KERNEL_WARNING), outcome.output());
    assertFalse(outcome.output().contains(MLIR_INFO), outcome.output());
  }

  @Test
  void theLogLevelIsReadAsTensorFlowReadsIt() {
    assertEquals(1, NativeLibrary.minLogLevel(null));
    assertEquals(0, NativeLibrary.minLogLevel("0"));
    assertEquals(2, NativeLibrary.minLogLevel(" 2 "));
    assertEquals(3, NativeLibrary.minLogLevel("9"));
    assertEquals(1, NativeLibrary.minLogLevel("quiet"));
  }
}
