package dev.jkeras.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.zip.ZipException;

/**
 * Downloads one file into place: it is written under a temporary name in the target's directory,
 * its hash checked, then moved atomically to the target, so the target either is complete and
 * verified or is as it was before.
 */
final class Downloader {
  /** A download whose content does not have the hash it must have. */
  static final class HashMismatchException extends IOException {
    HashMismatchException(String message) {
      super(message);
    }
  }

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Supplier<DownloadProgress> progress;

  Downloader(Duration connectTimeout, Duration readTimeout, Supplier<DownloadProgress> progress) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.progress = progress;
  }

  /**
   * Downloads {@code url} to {@code target}, checking it against {@code file}'s SHA-256.
   *
   * @throws IOException if the server cannot be reached, answers with an error, or sends a file with
   *     the wrong checksum; no file is left behind
   */
  void download(URI url, Path target, RemoteFile file) throws IOException {
    download(url, target, file.hash());
  }

  /**
   * Downloads {@code url} to {@code target}, checking it against {@code expected} unless that is null.
   *
   * @throws IOException if the server cannot be reached, answers with an error, or sends a file with
   *     the wrong hash; no file is left behind and {@code target} is as it was
   */
  void download(URI url, Path target, FileHash expected) throws IOException {
    URLConnection connection = connect(url);
    try {
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path part = Files.createTempFile(dir, target.getFileName() + ".", ".part");
      try {
        copy(url, connection, part);
        if (expected != null) {
          verify(url, part, expected);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(part);
      }
    } finally {
      if (connection instanceof HttpURLConnection http) {
        http.disconnect();
      }
    }
  }

  private URLConnection connect(URI url) throws IOException {
    URLConnection connection = url.toURL().openConnection();
    connection.setConnectTimeout((int) connectTimeout.toMillis());
    connection.setReadTimeout((int) readTimeout.toMillis());
    connection.setRequestProperty("User-Agent", "jkeras");
    connection.connect();
    if (connection instanceof HttpURLConnection http && http.getResponseCode() != HttpURLConnection.HTTP_OK) {
      int status = http.getResponseCode();
      String message = http.getResponseMessage();
      http.disconnect();
      throw new IOException("the server answered HTTP " + status + " " + message + " for " + url);
    }
    return connection;
  }

  private void copy(URI url, URLConnection connection, Path destination) throws IOException {
    long expected = connection.getContentLengthLong();
    DownloadProgress bar = progress.get();
    bar.start(url.toString(), expected);
    long done = 0;
    try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(destination)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) != -1; ) {
        out.write(buffer, 0, n);
        done += n;
        bar.update(done);
      }
    }
    if (expected >= 0 && done != expected) {
      throw new IOException("the download of " + url + " stopped after " + done + " of " + expected + " bytes");
    }
    bar.finish(done);
  }

  private static void verify(URI url, Path downloaded, FileHash expected) throws IOException {
    String actual;
    try {
      actual = Checksums.digest(downloaded, expected.algorithm(), expected.ofGunzipped());
    } catch (ZipException | EOFException e) {
      throw new IOException("the file downloaded from " + url + " is not valid gzip data (" + e.getMessage()
          + "); it was deleted", e);
    }
    if (!actual.equals(expected.hex())) {
      throw new HashMismatchException("the file downloaded from " + url + " has the wrong " + expected.algorithm()
          + " checksum" + (expected.ofGunzipped() ? " (of its gunzipped content)" : "") + ": expected "
          + expected.hex() + ", got " + actual + "; it was deleted");
    }
  }
}
