package dev.jkeras.datasets;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of Keras's {@code keras.utils.get_file}, as an immutable value for {@link
 * dev.jkeras.utils.Utils#getFile(GetFileOptions)}: {@code GetFileOptions.of(origin).fname("x.csv")
 * .fileHash("...").extract(true)}.
 *
 * <ul>
 *   <li>{@link #fname}: the local name (a bare name, no directories); by default the URL's last segment;
 *   <li>{@link #fileHash} and {@link #hashAlgorithm}: the SHA-256 or MD5 the file must have ({@code "auto"}
 *       takes a 64-digit hash as SHA-256, else MD5);
 *   <li>{@link #cacheDir}: the cache, {@code $KERAS_HOME} or else {@code ~/.keras} (or {@code /tmp/.keras}
 *       when that cannot be written), and {@link #cacheSubdir} within it, {@code "datasets"} by default (an
 *       absolute path is used as it is);
 *   <li>{@link #extract} and {@link #archiveFormat}: unpack a tar, tar.gz or zip archive, {@code "auto"}
 *       trying tar then zip;
 *   <li>{@link #forceDownload}: download again even if the file is cached.
 * </ul>
 */
public final class GetFileOptions {
  final String origin;
  final String fname;
  final String fileHash;
  final String hashAlgorithm;
  final Path cacheDir;
  final String cacheSubdir;
  final boolean extract;
  final List<String> archiveFormat;
  final boolean forceDownload;
  final PrintStream progress;
  final Duration timeout;

  private GetFileOptions(String origin, String fname, String fileHash, String hashAlgorithm, Path cacheDir,
      String cacheSubdir, boolean extract, List<String> archiveFormat, boolean forceDownload, PrintStream progress,
      Duration timeout) {
    this.origin = origin;
    this.fname = fname;
    this.fileHash = fileHash;
    this.hashAlgorithm = hashAlgorithm;
    this.cacheDir = cacheDir;
    this.cacheSubdir = cacheSubdir;
    this.extract = extract;
    this.archiveFormat = archiveFormat;
    this.forceDownload = forceDownload;
    this.progress = progress;
    this.timeout = timeout;
  }

  /** Downloading {@code origin} (an http, https or file URL) with Keras's defaults. */
  public static GetFileOptions of(String origin) {
    Objects.requireNonNull(origin, "origin (the URL of the file to download)");
    return new GetFileOptions(origin, null, null, "auto", null, "datasets", false, ArchiveExtractor.AUTO, false,
        System.err, Duration.ofSeconds(30));
  }

  private GetFileOptions with(String fname, String fileHash, String hashAlgorithm, Path cacheDir, String cacheSubdir,
      boolean extract, List<String> archiveFormat, boolean forceDownload, PrintStream progress, Duration timeout) {
    return new GetFileOptions(origin, fname, fileHash, hashAlgorithm, cacheDir, cacheSubdir, extract, archiveFormat,
        forceDownload, progress, timeout);
  }

  public GetFileOptions fname(String value) {
    return with(value, fileHash, hashAlgorithm, cacheDir, cacheSubdir, extract, archiveFormat, forceDownload, progress,
        timeout);
  }

  public GetFileOptions fileHash(String value) {
    return with(fname, value, hashAlgorithm, cacheDir, cacheSubdir, extract, archiveFormat, forceDownload, progress,
        timeout);
  }

  /** {@code "auto"}, {@code "sha256"} or {@code "md5"}. */
  public GetFileOptions hashAlgorithm(String value) {
    FileHash.keras("0".repeat(64), value);
    return with(fname, fileHash, value, cacheDir, cacheSubdir, extract, archiveFormat, forceDownload, progress, timeout);
  }

  public GetFileOptions cacheDir(Path value) {
    return with(fname, fileHash, hashAlgorithm, value, cacheSubdir, extract, archiveFormat, forceDownload, progress,
        timeout);
  }

  public GetFileOptions cacheSubdir(String value) {
    return with(fname, fileHash, hashAlgorithm, cacheDir, Objects.requireNonNull(value, "cacheSubdir"), extract,
        archiveFormat, forceDownload, progress, timeout);
  }

  public GetFileOptions extract(boolean value) {
    return with(fname, fileHash, hashAlgorithm, cacheDir, cacheSubdir, value, archiveFormat, forceDownload, progress,
        timeout);
  }

  /** {@code "auto"} (tar, then zip), {@code "tar"} or {@code "zip"}. */
  public GetFileOptions archiveFormat(String value) {
    List<String> formats = switch (Objects.requireNonNull(value, "archiveFormat")) {
      case "auto" -> ArchiveExtractor.AUTO;
      case "tar", "zip" -> List.of(value);
      default -> throw new IllegalArgumentException("Unknown archive format '" + value
          + "'; Keras knows \"auto\", \"tar\" and \"zip\"");
    };
    return with(fname, fileHash, hashAlgorithm, cacheDir, cacheSubdir, extract, formats, forceDownload, progress,
        timeout);
  }

  public GetFileOptions forceDownload(boolean value) {
    return with(fname, fileHash, hashAlgorithm, cacheDir, cacheSubdir, extract, archiveFormat, value, progress, timeout);
  }

  /** Where the download's progress is printed (standard error unless set); null prints nothing. */
  public GetFileOptions progress(PrintStream value) {
    return with(fname, fileHash, hashAlgorithm, cacheDir, cacheSubdir, extract, archiveFormat, forceDownload, value,
        timeout);
  }

  /** How long to wait to connect and for each block of the download; 30 seconds unless set. */
  public GetFileOptions timeout(Duration value) {
    Objects.requireNonNull(value, "timeout");
    if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("The timeout must be positive and under 24 days; got " + value);
    }
    return with(fname, fileHash, hashAlgorithm, cacheDir, cacheSubdir, extract, archiveFormat, forceDownload, progress,
        value);
  }
}
