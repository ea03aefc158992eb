package dev.jkeras.datasets;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's {@code get_file}: a file downloaded once into Keras's cache and found there afterwards,
 * checked against its hash, optionally extracted. Downloads go to a temporary name and are moved into
 * place once complete and verified (see {@link Downloader}); extraction goes to a temporary directory
 * moved into place (see {@link ArchiveExtractor}).
 */
public final class FileCache {
  private FileCache() {}

  /**
   * The local path of the file {@code options} describe (or of the directory it was extracted to),
   * downloading it if it is not cached or its cached copy fails the hash.
   *
   * @throws IllegalArgumentException if the options are invalid (no name can be taken from the URL, a
   *     name with directories, a bad hash), a downloaded file fails its hash, or an archive is hostile
   * @throws IllegalStateException if the file cannot be downloaded (offline, the server refuses), naming
   *     the URL, the cause and where to put the file by hand
   */
  public static Path get(GetFileOptions options) {
    return get(options, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static Path get(GetFileOptions options, Map<String, String> env, Path home) {
    URI url = parseOrigin(options.origin);
    FileHash hash = options.fileHash == null ? null : FileHash.keras(options.fileHash, options.hashAlgorithm);
    Path dataDir = cacheBase(options, env, home).resolve(options.cacheSubdir);
    String fname = localName(options, url);
    Path downloadTarget;
    Path extractionDir = null;
    if (options.extract) {
      if (options.fname != null && fname.contains(".")) {
        downloadTarget = dataDir.resolve(fname);
        extractionDir = dataDir.resolve(fname.substring(0, fname.indexOf('.')) + "_extracted");
      } else {
        downloadTarget = dataDir.resolve(fname + "_archive");
        extractionDir = dataDir.resolve(fname);
      }
    } else {
      downloadTarget = dataDir.resolve(fname);
    }
    PrintStream out = options.progress;
    try {
      boolean download = options.forceDownload || !Files.exists(downloadTarget);
      if (!download && hash != null && !Checksums.matches(downloadTarget, hash)) {
        print(out, "A local file was found, but it seems to be incomplete or outdated because the "
            + hash.kerasName() + " file hash does not match the original value of " + hash.hex()
            + " so we will re-download the data.");
        download = true;
      }
      if (download) {
        print(out, "Downloading data from " + options.origin);
        boolean dynamic = out == System.err && System.console() != null;
        Downloader downloader = new Downloader(options.timeout, options.timeout,
            () -> new DownloadProgress(out, dynamic));
        try {
          downloader.download(url, downloadTarget, hash);
        } catch (IOException e) {
          throw failure(options.origin, downloadTarget, hash, e);
        }
      }
      if (extractionDir == null) {
        return downloadTarget;
      }
      if (download || !Files.isDirectory(extractionDir)) {
        if (!ArchiveExtractor.extract(downloadTarget, extractionDir, options.archiveFormat)) {
          throw new IllegalArgumentException(downloadTarget + " (from " + options.origin + ") is not a "
              + String.join(" or ", options.archiveFormat) + " archive, so it cannot be extracted; call getFile"
              + " without extract to get the file itself");
        }
      }
      return extractionDir;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or extract " + downloadTarget + ": " + e.getMessage(), e);
    }
  }

  private static RuntimeException failure(String origin, Path target, FileHash hash, IOException e) {
    if (e instanceof Downloader.HashMismatchException) {
      return new IllegalArgumentException("Incomplete or corrupted file detected. The " + hash.kerasName()
          + " file hash does not match the provided value of " + hash.hex() + ": " + e.getMessage(), e);
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new IllegalStateException("URL fetch failure on " + origin + ": " + reason + ".\n"
        + "Check the network connection (and any proxy: -Dhttps.proxyHost=...), or download the file by another"
        + " means and put it at " + target + " (it is then used without downloading"
        + (hash == null ? "" : ", once its " + hash.kerasName() + " matches") + ")", e);
  }

  private static URI parseOrigin(String origin) {
    try {
      URI url = new URI(origin);
      if (!url.isAbsolute() || url.getScheme() == null
          || !(url.getScheme().equals("http") || url.getScheme().equals("https") || url.getScheme().equals("file"))) {
        throw new IllegalArgumentException("The origin must be an absolute http, https or file URL; got '" + origin + "'");
      }
      return url;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The origin is not a valid URL: '" + origin + "' (" + e.getMessage() + ")", e);
    }
  }

  private static String localName(GetFileOptions options, URI url) {
    String fname = options.fname;
    if (fname == null || fname.isEmpty()) {
      String path = url.getPath() == null ? "" : url.getPath();
      fname = path.substring(path.lastIndexOf('/') + 1);
      if (fname.isEmpty()) {
        throw new IllegalArgumentException("Can't parse the file name from the origin provided: '" + options.origin
            + "'. Please specify the fname argument");
      }
    } else if (fname.contains("/") || fname.contains(java.io.File.separator)) {
      throw new IllegalArgumentException("Paths are no longer accepted as the fname argument. To specify the file's"
          + " parent directory, use the cacheDir argument. Received: fname=" + fname);
    }
    if (fname.equals(".") || fname.equals("..")) {
      throw new IllegalArgumentException("The file name '" + fname + "' names a directory; give a file name");
    }
    return fname;
  }

  /** {@code cacheDir}, else {@code $KERAS_HOME} or {@code ~/.keras}; {@code /tmp/.keras} if that is not writable. */
  static Path cacheBase(GetFileOptions options, Map<String, String> env, Path home) {
    Path base = options.cacheDir;
    if (base == null) {
      String kerasHome = env.get("KERAS_HOME");
      base = kerasHome == null || kerasHome.isBlank() ? home.resolve(".keras") : Path.of(kerasHome);
    }
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      // not writable: Keras falls back to the temporary directory
    }
    if (!Files.isWritable(base)) {
      base = Path.of(System.getProperty("java.io.tmpdir")).resolve(".keras");
    }
    return base;
  }

  private static void print(PrintStream out, String message) {
    if (out != null) {
      out.println(message);
    }
  }
}
