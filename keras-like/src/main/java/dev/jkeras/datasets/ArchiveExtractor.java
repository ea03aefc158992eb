package dev.jkeras.datasets;

import dev.jkeras.backend.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts tar ({@code .tar}, {@code .tar.gz}/{@code .tgz}) and zip archives, as Keras's {@code
 * extract_archive}: into a temporary directory beside the target, moved into place once complete. Every
 * entry is checked first against the extraction directory: a path or link that would land outside it
 * (absolute paths, {@code ..}, links through links), a device or a FIFO makes the whole archive refused
 * with an {@link IllegalArgumentException} naming the entry, and nothing is extracted.
 */
final class ArchiveExtractor {
  private ArchiveExtractor() {}

  /** The formats Keras's {@code archive_format="auto"} tries, in order. */
  static final List<String> AUTO = List.of("tar", "zip");

  /**
   * Extracts {@code archive} to {@code target} if it is in one of {@code formats} ({@code "tar"}, {@code
   * "zip"}); returns whether one matched.
   */
  static boolean extract(Path archive, Path target, List<String> formats) throws IOException {
    for (String format : formats) {
      switch (format) {
        case "tar" -> {
          if (isTar(archive)) {
            AtomicFiles.writeDirectory(target, t -> { }, staging -> extractTar(archive, staging));
            return true;
          }
        }
        case "zip" -> {
          if (isZip(archive)) {
            AtomicFiles.writeDirectory(target, t -> { }, staging -> extractZip(archive, staging));
            return true;
          }
        }
        default -> throw new IllegalArgumentException("Unknown archive format '" + format
            + "'; Keras knows \"tar\" and \"zip\" (\"auto\" tries both)");
      }
    }
    return false;
  }

  private static InputStream openTar(Path archive) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
    in.mark(4);
    byte[] magic = in.readNBytes(3);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    if (magic.length == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      in.close();
      throw new IllegalArgumentException(archive + " is a bzip2-compressed archive, which jkeras cannot extract"
          + " (the Java platform has no bzip2); extract it with 'tar xjf' and use the directory");
    }
    return in;
  }

  private static boolean isTar(Path archive) throws IOException {
    try (InputStream in = openTar(archive)) {
      return TarEntries.isHeader(in.readNBytes(512));
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      return false;
    }
  }

  private static boolean isZip(Path archive) throws IOException {
    try (InputStream in = Files.newInputStream(archive)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K'
          && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
    }
  }

  private static void extractTar(Path archive, Path root) throws IOException {
    Path realRoot = root.toRealPath();
    try (InputStream in = openTar(archive)) {
      TarEntries entries = new TarEntries(in);
      for (TarEntries.Entry entry; (entry = entries.next()) != null; ) {
        Path path = inside(realRoot, entry.name(), archive);
        if (path.equals(realRoot)) {
          continue;
        }
        if (entry.isDirectory()) {
          createDirectories(realRoot, path, entry.name(), archive);
        } else if (entry.isFile()) {
          writeFile(realRoot, path, entries.data(), entry.name(), archive);
        } else if (entry.isSymlink()) {
          createDirectories(realRoot, path.getParent(), entry.name(), archive);
          Path linkTarget = path.getParent().resolve(entry.linkName());
          if (Path.of(entry.linkName()).isAbsolute() || !resolvesInside(realRoot, linkTarget)) {
            throw refused(archive, entry.name(), "a symbolic link to '" + entry.linkName() + "' outside the directory");
          }
          Files.deleteIfExists(path);
          Files.createSymbolicLink(path, Path.of(entry.linkName()));
        } else if (entry.isHardLink()) {
          Path source = inside(realRoot, entry.linkName(), archive);
          if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) || !resolvesInside(realRoot, source)) {
            throw refused(archive, entry.name(), "a hard link to '" + entry.linkName() + "', which is not a file"
                + " extracted before it");
          }
          createDirectories(realRoot, path.getParent(), entry.name(), archive);
          Files.copy(source, path, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } else {
          throw refused(archive, entry.name(), "an entry of tar type '" + entry.type()
              + "' (a device, FIFO or other special file)");
        }
      }
    }
  }

  private static void extractZip(Path archive, Path root) throws IOException {
    Path realRoot = root.toRealPath();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        inside(realRoot, e.nextElement().getName(), archive);
      }
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        Path path = inside(realRoot, entry.getName(), archive);
        if (entry.isDirectory()) {
          createDirectories(realRoot, path, entry.getName(), archive);
        } else {
          try (InputStream data = zip.getInputStream(entry)) {
            writeFile(realRoot, path, data, entry.getName(), archive);
          }
        }
      }
    }
  }

  /** {@code name} under {@code root}, lexically; refuses absolute names and names climbing out. */
  private static Path inside(Path root, String name, Path archive) {
    Path relative;
    try {
      relative = Path.of(name);
    } catch (java.nio.file.InvalidPathException e) {
      throw refused(archive, name, "a name that is not a valid path");
    }
    Path path = root.resolve(relative).normalize();
    if (relative.isAbsolute() || !path.startsWith(root)) {
      throw refused(archive, name, "a path outside the extraction directory");
    }
    return path;
  }

  /** Whether {@code path}'s nearest existing ancestor (following links) lies under {@code root}. */
  private static boolean resolvesInside(Path root, Path path) throws IOException {
    Path existing = path;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return false;
    }
    Path real = Files.exists(existing) ? existing.toRealPath() : existing;
    Path rest = existing.relativize(path);
    return real.resolve(rest).normalize().startsWith(root);
  }

  private static void createDirectories(Path root, Path dir, String name, Path archive) throws IOException {
    if (!resolvesInside(root, dir)) {
      throw refused(archive, name, "a path that leads outside the extraction directory through a link");
    }
    Files.createDirectories(dir);
  }

  private static void writeFile(Path root, Path path, InputStream data, String name, Path archive) throws IOException {
    createDirectories(root, path.getParent(), name, archive);
    if (!path.getParent().toRealPath().startsWith(root)) {
      throw refused(archive, name, "a path that leads outside the extraction directory through a link");
    }
    Files.deleteIfExists(path);
    try (var out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      data.transferTo(out);
    }
  }

  private static IllegalArgumentException refused(Path archive, String entry, String what) {
    return new IllegalArgumentException("Refusing to extract " + archive + ": its entry '" + entry + "' is " + what
        + ". Nothing was extracted; the archive may be hostile, check where it came from");
  }
}
