package dev.jkeras.backend.tensorflow;

import dev.jkeras.backend.StagingFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Directory moves that never leave a half-written directory at the target path, and never delete
 * what jkeras did not write: the target must be new, empty, or a previous SavedModel.
 */
final class Files2 {
  /** What a SavedModel directory holds; {@code assets.extra} is the user's (TF Serving warm-up files). */
  private static final Set<String> SAVED_MODEL_ENTRIES =
      Set.of("saved_model.pb", "saved_model.pbtxt", "variables", "assets", "fingerprint.pb");

  private Files2() {}

  /**
   * Refuses an export target that is a file, a symbolic link, or a directory holding anything that
   * is not part of a SavedModel (the user's files, which replacing the directory would delete).
   */
  static void checkExportTarget(Path target) throws IOException {
    if (Files.isSymbolicLink(target)) {
      throw new IllegalArgumentException("Cannot export to " + target + ": it is a symbolic link. Export to the "
          + "directory it points to, or to a new path.");
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("Cannot export to " + target + ": it is a file, and a SavedModel is a "
          + "directory. Choose a new path (the file is left as it is).");
    }
    List<String> foreign = foreignEntries(target);
    if (!foreign.isEmpty()) {
      throw new IllegalArgumentException("Cannot export to " + target + ": the directory holds files that are not "
          + "part of a SavedModel " + (foreign.size() > 5 ? foreign.subList(0, 5) + " (and " + (foreign.size() - 5)
          + " more)" : foreign) + ", which replacing it would delete. Export to a new or empty directory, or to a "
          + "previous export.");
    }
  }

  private static List<String> foreignEntries(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !SAVED_MODEL_ENTRIES.contains(n)).sorted()
          .toList();
    }
  }

  /**
   * Puts {@code staging} at {@code target} (checked by {@link #checkExportTarget}): an existing
   * SavedModel is first renamed aside and removed only once the new directory is in place.
   */
  static void replaceDirectory(Path staging, Path target) throws IOException {
    checkExportTarget(target);
    Path previous = null;
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      previous = StagingFiles.name(target, "");
      Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
      if (!foreignEntries(previous).isEmpty()) {
        Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
        checkExportTarget(target);
      }
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    if (previous != null) {
      StagingFiles.deleteRecursively(previous);
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    StagingFiles.deleteRecursively(path);
  }
}
