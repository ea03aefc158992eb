package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 13's pipeline on the small (smoke) data: CSV and TFRecord shards are written, the model
 * trains from the shards, and the exported SavedModel serves what predict gives on raw features.
 */
class Ch13PipelineSampleTest {
  @TempDir
  Path dir;

  @Test
  void csvToTfRecordToFitToAServedModelOnRawFeatures() {
    SampleArgs args = SampleArgs.parse("--smoke", "--epochs", "3", "--out", dir.toString());
    new Ch13Pipeline().run(args);
    Path data = dir.resolve("data");
    assertTrue(Files.isRegularFile(data.resolve("diabetes.csv")));
    for (int s = 0; s < 4; s++) {
      assertTrue(Files.isRegularFile(data.resolve("train-" + s + ".tfrecord.gz")), "shard " + s);
    }
    assertEquals(3, ((Number) args.results().get("epochs")).intValue());
    double difference = ((Number) args.results().get("served_vs_predict_max_abs_diff")).doubleValue();
    assertTrue(difference < 1e-5, "served vs predict " + difference);
    assertTrue(Double.isFinite(((Number) args.results().get("test_mse")).doubleValue()));
    assertTrue(args.results().get("signature").toString().contains("(None, 10)"), args.results().toString());
  }
}
