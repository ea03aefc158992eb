package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class BatchingOptionsTest {
  @Test
  void defaultsAreTfServings() {
    BatchingOptions defaults = BatchingOptions.defaults();
    assertEquals(1000, defaults.maxBatchSize());
    assertEquals(Duration.ZERO, defaults.batchTimeout());
    assertEquals(10, defaults.maxEnqueuedBatches());
    assertEquals(Runtime.getRuntime().availableProcessors(), defaults.numBatchThreads());
  }

  @Test
  void readsTfServingsTextProtoFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("batching_parameters.txt");
    Files.writeString(file, """
        # as TF Serving's batching guide writes it
        max_batch_size { value: 128 }
        batch_timeout_micros { value: 1500 }
        max_enqueued_batches: { value: 1000000 }
        num_batch_threads < value: 8 >
        thread_pool_name { value: "model_server_batch_threads" }
        pad_variable_length_inputs: false
        """);
    BatchingOptions options = BatchingOptions.fromFile(file);
    assertEquals(BatchingOptions.defaults().maxBatchSize(128).batchTimeout(Duration.ofNanos(1_500_000))
        .maxEnqueuedBatches(1_000_000).numBatchThreads(8), options);
    assertEquals("BatchingOptions(max_batch_size=128, batch_timeout_micros=1500, max_enqueued_batches=1000000,"
        + " num_batch_threads=8)", options.toString());
    assertEquals(BatchingOptions.defaults().maxBatchSize(4), BatchingOptions.parse("max_batch_size { value: 4 }"));
    assertEquals(BatchingOptions.defaults(), BatchingOptions.parse(""));
  }

  @Test
  void badFilesGetErrorsThatSayWhatToWrite(@TempDir Path dir) {
    assertError("max_batch_size: 128", "max_batch_size is a wrapper message: write max_batch_size { value: N }");
    assertError("max_batch_size { value: 0 }", "max_batch_size must be between 1 and");
    assertError("max_batch_size { value: many }", "max_batch_size must be an integer, got 'many'");
    assertError("batch_timeout_micros { value: -5 }", "batch_timeout_micros must be >= 0, got -5");
    assertError("max_batch_size { value: 4 ", "Missing '}' closing max_batch_size");
    assertError("max_batch_sise { value: 4 }", "Unknown field 'max_batch_sise'");
    assertError("max_batch_size { size: 4 }", "max_batch_size holds only 'value', got 'size'");
    assertError("allowed_batch_sizes: 8", "allowed_batch_sizes is not supported");
    assertError("pad_variable_length_inputs: true", "pad_variable_length_inputs: true is not supported");
    assertError("max_batch_size { value: 4 } $", "Unexpected character '$'");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchingOptions.defaults().numBatchThreads(0));
    assertTrue(e.getMessage().contains("num_batch_threads must be between 1"), e.getMessage());
    Path missing = dir.resolve("none.txt");
    RuntimeException io = assertThrows(RuntimeException.class, () -> BatchingOptions.fromFile(missing));
    assertTrue(io.getMessage().contains("Cannot read the batching parameters file " + missing), io.getMessage());
  }

  private static void assertError(String text, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchingOptions.parse(text));
    assertTrue(e.getMessage().contains(expected), "'" + text + "' gave: " + e.getMessage());
  }
}
