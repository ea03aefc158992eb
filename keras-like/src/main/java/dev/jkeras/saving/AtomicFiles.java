package dev.jkeras.saving;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file under a temporary name in its directory and moves it into place when complete. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file to the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path staging) throws IOException;
  }

  /**
   * Runs {@code writer} on a temporary file next to {@code target}, then replaces {@code target}
   * with it; if anything fails, {@code target} keeps its previous content.
   */
  public static void write(Path target, Writer writer) {
    Path absolute = target.toAbsolutePath().normalize();
    Path staging = null;
    try {
      Files.createDirectories(absolute.getParent());
      staging = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
      writer.writeTo(staging);
      try {
        Files.move(staging, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not write " + absolute + ": " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        try {
          Files.deleteIfExists(staging);
        } catch (IOException ignored) {
          // the temporary file is gone with its directory or left for the user; the target is intact
        }
      }
    }
  }
}
