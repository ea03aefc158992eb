package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bidirectional LSTM over variable-length items of the first 12 of Git's release notes: it learns
 * the features / fixes rule above chance (50%) with batches of different lengths, and its {@code .keras}
 * file (input of unknown length) loads back predicting what the trained model predicted.
 */
class BidirectionalLstmClassifierSampleTest {
  @TempDir
  Path dir;

  @Test
  void learnsFromSequencesOfVariableLength() {
    SampleArgs args = SampleArgs.parse("--smoke", "--epochs", "6", "--out", dir.toString());
    new BidirectionalLstmClassifier().run(args);
    double accuracy = ((Number) args.results().get("test_accuracy")).doubleValue();
    assertTrue(accuracy > 0.6, "test accuracy " + accuracy + " against chance 0.5");
    assertEquals(0.0, ((Number) args.results().get("loaded_vs_predict_max_abs_diff")).doubleValue(), 1e-6);
  }
}
