package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every sample runs end to end in smoke mode (tiny data, one epoch) on the shipped subset. */
class SamplesSmokeTest {

  @Test
  void everySampleRunsInSmokeMode() {
    for (Sample sample : Samples.all()) {
      SampleArgs args = SampleArgs.parse("--smoke", "--subset");
      sample.run(args);
      assertTrue(args.results().containsKey("test_accuracy"), sample.name() + " recorded " + args.results());
      double accuracy = ((Number) args.results().get("test_accuracy")).doubleValue();
      assertTrue(accuracy > 0.3, sample.name() + " test accuracy " + accuracy);
    }
  }
}
