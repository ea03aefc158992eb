package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment sample in smoke mode: both versions are served exactly as {@code model.predict} gives,
 * the roll to version 2 drops no request and ends with version 2 alone, and the metrics counted the requests.
 */
class DeploymentSampleTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void servesWhatPredictGivesAndRollsOutVersion2WithoutFailures() {
    SampleArgs args = SampleArgs.parse("--smoke", "--subset", "--out", dir.toString());
    new Deployment().run(args);
    Map<String, Object> figures = args.results();
    assertEquals(0.0, (double) figures.get("v1_served_vs_predict_max_abs_diff"), 1e-6, figures.toString());
    assertEquals(0.0, (double) figures.get("v2_served_vs_predict_max_abs_diff"), 1e-6, figures.toString());
    assertEquals((double) figures.get("v1_test_accuracy"), (double) figures.get("v1_served_test_accuracy"), 0.006,
        figures.toString());
    assertEquals((double) figures.get("v2_test_accuracy"), (double) figures.get("v2_served_test_accuracy"), 0.006,
        figures.toString());
    assertEquals(true, figures.get("roll_only_v2_served"), figures.toString());
    assertTrue((long) figures.get("roll_requests_sent") > 0, figures.toString());
    assertEquals(0L, figures.get("roll_requests_failed"), figures.toString());
    assertTrue((long) figures.get("roll_answered_by_v2") > 0, figures.toString());
    assertTrue((long) figures.get("roll_answered_by_v1") + (long) figures.get("roll_answered_by_v2")
        <= (long) figures.get("roll_requests_sent"), figures.toString());
    assertTrue((long) figures.get("request_count_at_end") > (long) figures.get("request_count_before_roll"),
        figures.toString());
    assertTrue(Files.isDirectory(dir.resolve("models/fashion_mnist/2")), "version 2 is in place");
    assertTrue(Files.notExists(dir.resolve("models/fashion_mnist/.2.incoming")), "no staging folder is left");
  }

  @Test
  void instancesAreWrittenAndPredictionsReadInTfServingsRowFormat() {
    var x = org.tensorflow.ndarray.NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(2, 1, 2));
    x.setFloat(0.5f, 0, 0, 0).setFloat(1f, 0, 0, 1).setFloat(0.25f, 1, 0, 0).setFloat(3e-5f, 1, 0, 1);
    assertEquals("{\"instances\": [[[0.5, 1.0]], [[0.25, 3.0E-5]]]}", Deployment.instancesJson(x, 0, 2));
  }
}
