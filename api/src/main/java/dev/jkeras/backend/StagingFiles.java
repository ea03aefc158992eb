package dev.jkeras.backend;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files and directories jkeras writes beside a target before moving them into place:
 * named {@code .<target name>.jkeras-tmp-<pid>-<n>[.<suffix>]} so users recognise them, created as
 * any new file is (the process umask decides their permissions, as for Keras, h5py and TensorFlow),
 * and cleaned up by the next save to the same target once the process that made them is gone.
 *
 * <p>Only entries matching that exact pattern for that same target, whose process id names no
 * running process, are ever deleted; nothing else in the directory is touched.
 */
public final class StagingFiles {
  private static final String MARK = ".jkeras-tmp-";
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong COUNTER = new AtomicLong();

  private StagingFiles() {}

  /** A new empty file beside {@code target} (whose parent must exist), after removing stale ones. */
  public static Path newFile(Path target, String suffix) throws IOException {
    removeStale(target);
    while (true) {
      try {
        return Files.createFile(name(target, suffix));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // a name left by an earlier process with the same pid: take the next number
      }
    }
  }

  /** A new empty directory beside {@code target} (whose parent must exist), after removing stale ones. */
  public static Path newDirectory(Path target) throws IOException {
    removeStale(target);
    while (true) {
      try {
        return Files.createDirectory(name(target, ""));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // as in newFile
      }
    }
  }

  /** A fresh staging name beside {@code target}, not created (e.g. to move a previous version aside). */
  public static Path name(Path target, String suffix) {
    Path absolute = target.toAbsolutePath().normalize();
    return absolute.resolveSibling("." + absolute.getFileName() + MARK + PID + "-" + COUNTER.incrementAndGet()
        + (suffix.isEmpty() ? "" : "." + suffix));
  }

  /**
   * Deletes the staging files and directories of {@code target} left by processes that no longer
   * run (a save killed midway); returns how many entries were removed.
   */
  public static int removeStale(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return 0;
    }
    Pattern pattern = Pattern.compile(Pattern.quote("." + absolute.getFileName() + MARK)
        + "([0-9]{1,19})-[0-9]{1,19}(\\.[A-Za-z0-9]{1,16})?");
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path entry : entries) {
        Matcher matcher = pattern.matcher(entry.getFileName().toString());
        if (matcher.matches() && isGone(matcher.group(1))) {
          deleteRecursively(entry);
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean isGone(String pid) {
    long id;
    try {
      id = Long.parseLong(pid);
    } catch (NumberFormatException e) {
      return false;
    }
    return id != PID && ProcessHandle.of(id).map(p -> !p.isAlive()).orElse(true);
  }

  /** Deletes {@code path} and, for a directory, what it holds; symbolic links are removed, not followed. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (NoSuchFileException ignored) {
          // removed concurrently
        }
      }
    }
  }
}
