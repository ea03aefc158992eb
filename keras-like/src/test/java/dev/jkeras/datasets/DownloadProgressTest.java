package dev.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {

  @Test
  void drawsKerasStyleLines() {
    var progress = new DownloadProgress(null, false);
    progress.start("http://x/f.gz", 29515);
    assertEquals(" 8192/29515 [========>.....................] - ETA: 3s",
        progress.inProgressLine(8192, 1_000_000_000L));
    assertEquals("29515/29515 [==============================] - 2s 68us/step",
        progress.finalLine(29515, 2_000_000_000L));
  }

  @Test
  void copesWithAnUnknownLength() {
    var progress = new DownloadProgress(null, false);
    progress.start("http://x/f.gz", -1);
    assertEquals("100 bytes", progress.inProgressLine(100, 1));
    assertTrue(progress.finalLine(100, 1).startsWith("100 bytes - 0s"));
  }

  @Test
  void offATerminalPrintsOnlyTheAnnouncementAndTheFinalLine() {
    var bytes = new ByteArrayOutputStream();
    var progress = new DownloadProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    progress.start("http://x/f.gz", 10);
    progress.update(5);
    progress.finish(10);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
    assertEquals(2, lines.length);
    assertEquals("Downloading data from http://x/f.gz", lines[0]);
    assertTrue(lines[1].startsWith("10/10 [==============================] - "), lines[1]);
  }
}
