package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book's ch. 12 loop, run for its 5 epochs, learns: its test MSE beats predicting the training mean. */
class CustomTrainingLoopSampleTest {
  @TempDir
  Path dir;

  @Test
  void theCustomLoopBeatsTheBaseline() {
    SampleArgs args = SampleArgs.parse("--out", dir.toString());
    new CustomTrainingLoop().run(args);
    double mse = ((Number) args.results().get("test_mse")).doubleValue();
    double baseline = ((Number) args.results().get("baseline_test_mse")).doubleValue();
    assertTrue(mse < baseline, "test MSE " + mse + " vs baseline " + baseline);
  }
}
