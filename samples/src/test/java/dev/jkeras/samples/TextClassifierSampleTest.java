package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chapter 13 text classifier, on the items of the first 12 of Git's release notes: it learns the
 * features / fixes rule well above chance (50%), from real text files in class folders, and the
 * exported SavedModel serves raw strings as predict does.
 */
class TextClassifierSampleTest {
  @TempDir
  Path dir;

  @Test
  void learnsWhichSectionAReleaseNoteItemComesFrom() throws Exception {
    SampleArgs args = SampleArgs.parse("--smoke", "--epochs", "10", "--out", dir.toString());
    new TextClassifier().run(args);
    double accuracy = ((Number) args.results().get("test_accuracy")).doubleValue();
    assertTrue(accuracy > 0.7, "test accuracy " + accuracy + " against chance 0.5");
    assertEquals(0.0, ((Number) args.results().get("served_vs_predict_max_abs_diff")).doubleValue(), 1e-6);
    Path features = dir.resolve("release_notes/train/features");
    try (Stream<Path> files = Files.list(features)) {
      Path first = files.sorted().findFirst().orElseThrow();
      String text = Files.readString(first);
      assertTrue(text.length() > 20 && text.chars().allMatch(c -> c == '\n' || c >= ' '), "real text: " + text);
      assertTrue(!text.contains("(merge "), "the merge trailers that would give the section away are removed");
    }
  }
}
