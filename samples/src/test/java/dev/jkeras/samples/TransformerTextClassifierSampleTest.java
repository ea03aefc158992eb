package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Transformer encoder classifier, on the items of the first 12 of Git's release notes: it learns
 * the features / fixes rule above chance (50%) from raw strings, and its {@code .keras} file loads
 * back predicting what the trained model predicted.
 */
class TransformerTextClassifierSampleTest {
  @TempDir
  Path dir;

  @Test
  void learnsWhichSectionAReleaseNoteItemComesFrom() {
    SampleArgs args = SampleArgs.parse("--smoke", "--epochs", "8", "--out", dir.toString());
    new TransformerTextClassifier().run(args);
    double accuracy = ((Number) args.results().get("test_accuracy")).doubleValue();
    assertTrue(accuracy > 0.6, "test accuracy " + accuracy + " against chance 0.5");
    assertEquals(0.0, ((Number) args.results().get("loaded_vs_predict_max_abs_diff")).doubleValue(), 1e-6);
  }
}
