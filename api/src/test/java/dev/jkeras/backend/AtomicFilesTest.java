package dev.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  /** A pid that named a process which has exited. */
  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    long pid = process.pid();
    assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    return pid;
  }

  @Test
  void aStaleTemporaryFileOfADeadSaveIsRemovedByTheNextSaveButNothingElse() throws Exception {
    Path target = dir.resolve("model.keras");
    long dead = deadPid();
    Path stale = dir.resolve(".model.keras.jkeras-tmp-" + dead + "-3");
    Path staleWeights = dir.resolve(".model.keras.jkeras-tmp-" + dead + "-4.h5");
    Path running = dir.resolve(".model.keras.jkeras-tmp-" + ProcessHandle.current().pid() + "-999999");
    Path otherTarget = dir.resolve(".other.keras.jkeras-tmp-" + dead + "-3");
    List<Path> users = List.of(dir.resolve("model.keras.jkeras-tmp-" + dead + "-3"),
        dir.resolve(".model.keras.jkeras-tmp-" + dead + "-3.bak~"), dir.resolve(".model.keras.tmp"),
        dir.resolve(".model.keras.jkeras-tmp-" + dead), dir.resolve("notes.txt"));
    for (Path p : List.of(stale, staleWeights, running, otherTarget)) {
      Files.writeString(p, "partial save");
    }
    for (Path p : users) {
      Files.writeString(p, "the user's");
    }
    AtomicFiles.write(target, staging -> {
      assertTrue(staging.getFileName().toString().startsWith(".model.keras.jkeras-tmp-"
          + ProcessHandle.current().pid() + "-"), staging.toString());
      Files.writeString(staging, "saved");
    });
    assertEquals("saved", Files.readString(target));
    assertFalse(Files.exists(stale));
    assertFalse(Files.exists(staleWeights));
    assertTrue(Files.exists(running), "this process's own file is not stale");
    assertTrue(Files.exists(otherTarget), "another target's file is left to its own next save");
    for (Path p : users) {
      assertEquals("the user's", Files.readString(p), p + " survives");
    }
  }

  @Test
  void writtenFilesGetThePermissionsOfAnyNewFileUnderTheUmask() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain"));
    Path target = dir.resolve("weights.h5");
    AtomicFiles.write(target, staging -> Files.writeString(staging, "weights"));
    assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.write(target, staging -> Files.writeString(staging, "weights 2"));
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
        "an overwritten file keeps its permissions");
  }
}
