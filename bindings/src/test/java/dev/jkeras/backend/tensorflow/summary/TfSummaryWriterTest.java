package dev.jkeras.backend.tensorflow.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.backend.SummaryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** The summary writer's own behaviour; TensorBoardTest reads what it writes back. */
class TfSummaryWriterTest {
  @TempDir
  Path dir;

  @Test
  void bucketsFollowTensorBoardsHistogramSummary() {
    // Equal-width buckets from min to max, the last one closed.
    assertArrayEquals(new double[][] {{0, 1.5, 2}, {1.5, 3, 2}}, TfSummaryWriter.buckets(new double[] {0, 1, 2, 3}, 2));
    assertArrayEquals(new double[][] {{-1, 0, 1}, {0, 1, 0}, {1, 2, 2}},
        TfSummaryWriter.buckets(new double[] {-1, 2, 1}, 3));
    // A single value: every edge at the value, the count in the last bucket.
    assertArrayEquals(new double[][] {{5, 5, 0}, {5, 5, 3}}, TfSummaryWriter.buckets(new double[] {5, 5, 5}, 2));
    // No data: all zeros.
    assertArrayEquals(new double[][] {{0, 0, 0}, {0, 0, 0}}, TfSummaryWriter.buckets(new double[0], 2));
  }

  @Test
  void manyWritesGoToOneEventFileAndCloseIsIdempotent() throws Exception {
    SummaryWriter writer = new TfSummaries().writer(dir.resolve("run"));
    assertTrue(Files.isDirectory(dir.resolve("run")));
    for (int step = 0; step < 2_000; step++) {
      writer.scalar("batch_loss", step, 1.0 / (step + 1));
    }
    writer.histogram("w/histogram", 0, NdArrays.vectorOf(1f, 2f, 3f));
    writer.image("w/image", 0, NdArrays.ofFloats(Shape.of(1, 2, 3, 1)), 3);
    writer.flush();
    writer.close();
    writer.close();
    try (Stream<Path> files = Files.list(dir.resolve("run"))) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).count());
    }
    assertThrows(IllegalStateException.class, () -> writer.scalar("late", 0, 1));
  }

  @Test
  void aPathThatCannotBeADirectoryIsRefusedWithTheReason() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TfSummaries().writer(file.resolve("logs")));
    assertTrue(e.getMessage().contains("Cannot create the TensorBoard log directory"), e.getMessage());
  }
}
