package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image classifier sample on 1000 PNG files of the shipped Fashion-MNIST subset, 6 epochs: it learns (well
 * above the 10% of chance, on the validation files and on the test arrays), splits 800/200 as Keras
 * does, and leaves only what it did not write in its output folder.
 */
class ImageAugmentationClassifierTest {
  @TempDir Path dir;

  @Test
  void learnsFromAFolderOfPngsAndCleansUp() throws Exception {
    Path keep = Files.writeString(dir.resolve("user-notes.txt"), "not the sample's");
    SampleArgs args = SampleArgs.parse("--smoke", "--subset", "--epochs", "6", "--out", dir.toString());
    new ImageAugmentationClassifier().run(args);
    assertEquals(1000, args.results().get("images"));
    assertEquals(800, args.results().get("training_files"));
    assertEquals(200, args.results().get("validation_files"));
    assertEquals(10, args.results().get("classes"));
    double valAccuracy = (Double) args.results().get("val_accuracy");
    double testAccuracy = (Double) args.results().get("test_accuracy");
    assertTrue(valAccuracy > 0.55, "validation accuracy " + valAccuracy + " (chance: 0.1)");
    assertTrue(testAccuracy > 0.55, "test accuracy " + testAccuracy + " (chance: 0.1)");
    try (Stream<Path> left = Files.walk(dir)) {
      assertEquals(java.util.List.of(dir, keep), left.sorted().toList(), "only the user's file is left");
    }
  }
}
