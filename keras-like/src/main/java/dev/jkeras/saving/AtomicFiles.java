package dev.jkeras.saving;

import dev.jkeras.backend.StagingFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * Writes a file under a temporary name in its directory and moves it into place when complete.
 * The temporary file is named as {@link StagingFiles} names them ({@code .model.keras.jkeras-tmp-<pid>-<n>}),
 * ones left by a killed process are removed by the next write to the same target, and the written
 * file gets the permissions any new file gets under the process umask (an existing target keeps its own).
 */
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
      if (Files.isDirectory(absolute)) {
        throw new IllegalArgumentException("Cannot write " + absolute + ": it is a directory");
      }
      Files.createDirectories(absolute.getParent());
      staging = StagingFiles.newFile(absolute, "");
      writer.writeTo(staging);
      keepPermissions(absolute, staging);
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
          // the temporary file is gone with its directory or left for the next write; the target is intact
        }
      }
    }
  }

  /** An overwritten file keeps its permissions, as it does when Keras or h5py truncate and rewrite it. */
  private static void keepPermissions(Path target, Path staging) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (view != null && Files.isRegularFile(target)) {
      Files.setPosixFilePermissions(staging, view.readAttributes().permissions());
    }
  }
}
