package dev.jkeras.backend.tensorflow.savedmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a SavedModel may be exported: {@link dev.jkeras.backend.AtomicFiles#writeDirectory} replaces the
 * target whole, so it must be new, empty, or a previous SavedModel, never something jkeras did not write.
 */
public final class SavedModelTargets {
  /** What a SavedModel directory holds; {@code assets.extra} is the user's (TF Serving warm-up files). */
  private static final Set<String> SAVED_MODEL_ENTRIES =
      Set.of("saved_model.pb", "saved_model.pbtxt", "variables", "assets", "fingerprint.pb");

  private SavedModelTargets() {}

  /**
   * Refuses an export target that is a file, a symbolic link, or a directory holding anything that
   * is not part of a SavedModel (the user's files, which replacing the directory would delete).
   */
  public static void checkExportTarget(Path target) throws IOException {
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
}
