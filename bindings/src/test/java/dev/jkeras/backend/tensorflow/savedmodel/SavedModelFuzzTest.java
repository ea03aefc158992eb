package dev.jkeras.backend.tensorflow.savedmodel;

import dev.jkeras.backend.tensorflow.ChildJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * At least 1,000 seeded mutations of SavedModel files per run ({@link SavedModelFuzz}, in a child JVM
 * so that a native crash fails this test instead of killing the test JVM): no crash, no hang, no raw
 * TensorFlow exception, no silent change. {@code -Djkeras.fuzz.seed=...}, {@code -Djkeras.fuzz.cases=...}
 * and {@code -Djkeras.fuzz.seconds=...} change the seed (default 11), the count (1,000) and the time
 * bound (240 s).
 */
class SavedModelFuzzTest {
  private static final Pattern SUMMARY = Pattern.compile("fuzz: seed=(-?\\d+) cases=(\\d+) failures=(\\d+)");

  @Test
  void mutatedSavedModelsLoadWithTheirOutputsOrFailWithAJkerasError() throws Exception {
    assumeTrue(Files.isDirectory(HostileSavedModels.FIXTURES), "fixtures missing: " + HostileSavedModels.FIXTURES);
    long seed = Long.getLong("jkeras.fuzz.seed", 11);
    int cases = Integer.getInteger("jkeras.fuzz.cases", 1_000);
    long seconds = Long.getLong("jkeras.fuzz.seconds", 240);
    ChildJvm.Outcome outcome = ChildJvm.run(SavedModelFuzz.class, seconds + 120, Long.toString(seed),
        Integer.toString(cases), Long.toString(seconds));
    String report = outcome.output().lines().filter(l -> l.startsWith("fuzz:") || l.startsWith("case "))
        .reduce("", (a, b) -> a + b + "\n");
    System.out.print(report);
    assertTrue(outcome.exitCode() == 0 || outcome.exitCode() == 1,
        "the fuzz JVM crashed or hung (exit code " + outcome.exitCode() + "):\n" + tail(outcome.output()));
    Matcher summary = SUMMARY.matcher(outcome.output());
    assertTrue(summary.find(), "no summary:\n" + tail(outcome.output()));
    assertEquals(0, Integer.parseInt(summary.group(3)), "failing cases:\n" + report);
    assertEquals(cases, Integer.parseInt(summary.group(2)), "the time bound ended the run early:\n" + report);
  }

  private static String tail(String output) {
    return output.length() <= 4_000 ? output : output.substring(output.length() - 4_000);
  }
}
