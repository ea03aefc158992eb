package dev.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails midway leaves the previous file as it was, and no temporary file. */
class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void aWriteInterruptedMidwayKeepsThePreviousFile() throws IOException {
    Path target = dir.resolve("model.keras");
    AtomicFiles.write(target, staging -> Files.writeString(staging, "version 1"));
    assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, staging -> {
      Files.writeString(staging, "half of version 2");
      throw new IOException("disk full");
    }));
    assertEquals("version 1", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
    AtomicFiles.write(target, staging -> Files.writeString(staging, "version 2"));
    assertEquals("version 2", Files.readString(target));
  }
}
