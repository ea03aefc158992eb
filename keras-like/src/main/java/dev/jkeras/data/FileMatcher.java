package dev.jkeras.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files matching a glob whose wildcards are in the file name part, as {@code Dataset.listFiles} matches them. */
final class FileMatcher {
  private FileMatcher() {}

  /**
   * The regular files matching {@code pattern}, sorted by name.
   *
   * @throws IllegalArgumentException if the pattern has wildcards in a directory part or matches no file
   */
  static List<Path> matching(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("listFiles needs a file pattern such as \"data/train_*.tfrecord\"");
    }
    Path path = Path.of(pattern);
    Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
    String glob = path.getFileName().toString();
    if (hasWildcard(dir.toString())) {
      throw new IllegalArgumentException("listFiles: the pattern " + pattern + " has wildcards in a directory; "
          + "only the file name part may have them (e.g. \"data/train_*.tfrecord\")");
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
        for (Path entry : entries) {
          if (Files.isRegularFile(entry)) {
            files.add(entry);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("listFiles could not read the directory " + dir.toAbsolutePath(), e);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No files matched pattern: " + pattern
          + (Files.isDirectory(dir) ? "" : " (the directory " + dir.toAbsolutePath() + " does not exist)"));
    }
    files.sort(null);
    return List.copyOf(files);
  }

  private static boolean hasWildcard(String part) {
    return part.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }
}
