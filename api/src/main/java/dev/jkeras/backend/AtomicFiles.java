package dev.jkeras.backend;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * jkeras's one way of writing a file or a directory: under a temporary name beside the target, moved
 * into place once complete, so a crash or a failure never leaves a half-written target and the previous
 * content stays as it was. Used for {@code .keras}, {@code .weights.h5}, legacy {@code .h5}, backups,
 * sample outputs and SavedModel exports.
 *
 * <p>The temporary entries are named {@code .<target name>.jkeras-tmp-<pid>-<n>[.<suffix>]} so users
 * recognise them, created as any new file is (the process umask decides their permissions, as for Keras,
 * h5py and TensorFlow), and cleaned up by the next write to the same target once the process that made
 * them is gone. Only entries matching that exact pattern for that same target, whose process id names no
 * running process, are ever deleted; nothing else in the directory is touched.
 */
public final class AtomicFiles {
  private static final String MARK = ".jkeras-tmp-";
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  /** Writes the content of a file, or of a directory, to the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path staging) throws IOException;
  }

  /** Refuses a target (with an {@link IllegalArgumentException} saying why) that a write must not replace. */
  @FunctionalInterface
  public interface TargetCheck {
    void check(Path target) throws IOException;
  }

  /**
   * Runs {@code writer} on a temporary file next to {@code target}, then replaces {@code target}
   * with it; if anything fails, {@code target} keeps its previous content. An overwritten file keeps
   * its permissions, as it does when Keras or h5py truncate and rewrite it.
   *
   * @throws IllegalArgumentException if {@code target} is a directory
   * @throws IllegalStateException if the file cannot be written
   */
  public static void write(Path target, Writer writer) {
    Path absolute = target.toAbsolutePath().normalize();
    Path staging = null;
    try {
      if (Files.isDirectory(absolute)) {
        throw new IllegalArgumentException("Cannot write " + absolute + ": it is a directory");
      }
      Files.createDirectories(absolute.getParent());
      staging = newFile(absolute, "");
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

  /**
   * Runs {@code writer} on a temporary directory next to {@code target}, then puts it at {@code target}.
   * {@code check} vets the target before anything is written and again once a previous directory is
   * renamed aside (so files that appeared meanwhile are never deleted); the previous directory is removed
   * only once the new one is in place. On failure the target is as it was.
   *
   * @throws IllegalArgumentException from {@code check}
   * @throws IOException if the directory cannot be written or moved
   */
  public static void writeDirectory(Path target, TargetCheck check, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Files.createDirectories(absolute.getParent());
    check.check(absolute);
    Path staging = newDirectory(absolute);
    try {
      writer.writeTo(staging);
      check.check(absolute);
      Path previous = null;
      if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
        previous = name(absolute, "");
        Files.move(absolute, previous, StandardCopyOption.ATOMIC_MOVE);
        try {
          check.check(previous);
        } catch (IllegalArgumentException e) {
          Files.move(previous, absolute, StandardCopyOption.ATOMIC_MOVE);
          check.check(absolute);
          throw e;
        }
      }
      Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
      if (previous != null) {
        deleteRecursively(previous);
      }
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void keepPermissions(Path target, Path staging) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (view != null && Files.isRegularFile(target)) {
      Files.setPosixFilePermissions(staging, view.readAttributes().permissions());
    }
  }

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
